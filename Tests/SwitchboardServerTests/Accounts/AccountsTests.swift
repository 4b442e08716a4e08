import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct AccountsTests {
    struct TokenAnswer: Codable { var id: UUID; var token: String; var name: String }
    struct UserAnswer: Codable {
        struct Membership: Codable { var unit: TicketJSON.Unit; var role: String }
        var id: UUID; var email: String; var displayName: String; var isAdmin: Bool; var memberships: [Membership]
    }

    @Test func aTokenIsIssuedForTheRightPasswordOnly() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var response = try await desk.request(.POST, "/api/v1/tokens", json: ["email": "ALICE@example.edu", "password": "correct horse battery", "name": "laptop"])
            #expect(response.status == .created)
            let issued = try response.content.decode(TokenAnswer.self)
            #expect(issued.token.hasPrefix("sb_") && issued.token.count > 40)
            #expect(issued.name == "laptop")

            response = try await desk.request(.GET, "/api/v1/users/me", token: issued.token)
            #expect(try response.content.decode(UserAnswer.self).id == cast.alice.id)

            // Only the digest is stored.
            let stored = try await APITokenModel.query(on: desk.db).all().map(\.digest)
            #expect(!stored.contains(issued.token))
            #expect(stored.contains(TokenDigest.digest(issued.token)))

            for body in [["email": "alice@example.edu", "password": "wrong password!"], ["email": "nobody@example.edu", "password": "correct horse battery"]] {
                response = try await desk.request(.POST, "/api/v1/tokens", json: body)
                #expect(response.status == .unauthorized)
                #expect(response.problem?.detail == "The email address or the password is wrong.")
            }
            response = try await desk.request(.POST, "/api/v1/tokens", json: ["email": "alice@example.edu"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["password"] != nil)
        }
    }

    @Test func requestsWithoutAValidBearerTokenAreRefused() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var response = try await desk.request(.GET, "/api/v1/tickets")
            #expect(response.status == .unauthorized)
            #expect(response.headers.first(name: .wwwAuthenticate) == "Bearer realm=\"switchboard\"")
            #expect(response.problem?.status == 401)
            response = try await desk.request(.GET, "/api/v1/tickets", token: "sb_made_up")
            #expect(response.status == .unauthorized)
            response = try await desk.request(.GET, "/api/v1/tickets", headers: ["Authorization": "Basic YWxpY2U6cGFzcw=="])
            #expect(response.status == .unauthorized, "HTTP Basic is not offered")

            // Revoking a token ends it at once; one cannot revoke another person's token.
            let second = try await desk.helpdesk.accounts.issueToken(for: try await UserModel.find(cast.alice.id, on: desk.db)!, name: "second")
            response = try await desk.request(.DELETE, "/api/v1/tokens/\((try second.model.requireID()))", as: cast.bob)
            #expect(response.status == .notFound)
            response = try await desk.request(.DELETE, "/api/v1/tokens/\((try second.model.requireID()))", as: cast.alice)
            #expect(response.status == .noContent)
            response = try await desk.request(.GET, "/api/v1/users/me", token: second.token)
            #expect(response.status == .unauthorized)
            response = try await desk.request(.GET, "/api/v1/users/me", as: cast.alice)
            #expect(response.status == .ok, "other tokens keep working")
        }
    }

    @Test func onlyAdministratorsCreateUsers() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let body = NewUserInput(email: "carol@example.org", displayName: "Carol", password: "long enough password")
            var response = try await desk.request(.POST, "/api/v1/users", as: cast.triage, json: body)
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/users", as: cast.admin, json: body)
            #expect(response.status == .created)
            let created = try response.content.decode(UserAnswer.self)
            #expect(created.email == "carol@example.org" && !created.isAdmin)
            #expect(response.headers.first(name: .location) == "/api/v1/users/\(created.id)")

            response = try await desk.request(.POST, "/api/v1/users", as: cast.admin, json: body)
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["email"] != nil)
            response = try await desk.request(.POST, "/api/v1/users", as: cast.admin,
                                              json: NewUserInput(email: "x", displayName: "", password: "short"))
            #expect(Set(response.problem?.errors?.keys.map { $0 } ?? []) == ["email", "displayName", "password"])

            let stored = try await UserModel.query(on: desk.db).filter(\.$email == "carol@example.org").first()
            #expect(stored?.passwordHash.hasPrefix("$2") == true, "passwords are stored as bcrypt hashes")
        }
    }

    @Test func administratorsEditUsers() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var response = try await desk.request(.PATCH, "/api/v1/users/\(cast.bob.id)", as: cast.triage, json: ["displayName": "Robert"])
            #expect(response.status == .forbidden)
            response = try await desk.request(.PATCH, "/api/v1/users/\(cast.bob.id)", as: cast.admin,
                                              json: UserUpdateInput(displayName: "Robert", isAdmin: true, password: "a brand new password"))
            #expect(response.status == .ok)
            let bob = try response.content.decode(UserAnswer.self)
            #expect(bob.displayName == "Robert" && bob.isAdmin)
            response = try await desk.request(.POST, "/api/v1/tokens", json: ["email": "bob@example.net", "password": "a brand new password"])
            #expect(response.status == .created)
            response = try await desk.request(.PATCH, "/api/v1/users/\(cast.admin.id)", as: cast.admin, json: ["isAdmin": false])
            #expect(response.status == .unprocessableEntity, "an administrator cannot demote themselves")
            response = try await desk.request(.PATCH, "/api/v1/users/\(UUID())", as: cast.admin, json: ["displayName": "Nobody"])
            #expect(response.status == .notFound)
            response = try await desk.request(.PATCH, "/api/v1/users/\(cast.bob.id)", as: cast.admin, json: ["password": "short"])
            #expect(response.problem?.errors?["password"] != nil)
        }
    }

    @Test func meListsTheMemberships() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let response = try await desk.request(.GET, "/api/v1/users/me", as: cast.expert)
            let me = try response.content.decode(UserAnswer.self)
            #expect(me.memberships.map(\.unit.name) == ["DMSU"])
            #expect(me.memberships.first?.role == "unit-admin")
        }
    }
}
