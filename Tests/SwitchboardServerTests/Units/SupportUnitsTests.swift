import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct SupportUnitsTests {
    struct UnitAnswer: Codable {
        struct Member: Codable { var user: TicketJSON.PersonRef; var role: String }
        var id: UUID; var name: String; var tier: String; var parent: UUID?; var mailingList: String
        var serviceLevel: String; var timeZone: String; var members: [Member]?
    }

    @Test func administratorsCreateUnitsWithCheckedValues() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let body = NewSupportUnitInput(name: "ARGUS", tier: "third-line", parent: "dCache", mailingList: "Argus@Example.org",
                                           serviceLevel: "level-1", timeZone: "Europe/Rome")
            var response = try await desk.request(.POST, "/api/v1/support-units", as: cast.expert, json: body)
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/support-units", as: cast.admin, json: body)
            #expect(response.status == .created, "\(response.body.string)")
            let unit = try response.content.decode(UnitAnswer.self)
            #expect(unit.parent == cast.dcache && unit.mailingList == "argus@example.org" && unit.serviceLevel == "level-1")

            response = try await desk.request(.POST, "/api/v1/support-units", as: cast.admin, json: NewSupportUnitInput(
                name: "ARGUS", tier: "fourth-line", parent: "Nowhere", mailingList: "no address", serviceLevel: "gold", timeZone: "Mars/Olympus"))
            #expect(response.status == .unprocessableEntity)
            #expect(Set(response.problem?.errors?.keys.map { $0 } ?? []) == ["name", "tier", "parent", "mailingList", "serviceLevel", "timeZone"])

            response = try await desk.request(.GET, "/api/v1/support-units", as: cast.alice)
            let names = try response.content.decode([UnitAnswer].self).map(\.name)
            #expect(names == ["ARGUS", "CREAM", "dCache", "DMSU", "TPM", "UMD Release"])
        }
    }

    @Test func membersAreAddedByAdministratorsAndUnitAdmins() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let path = "/api/v1/support-units/\(cast.dmsu)/members"
            var response = try await desk.request(.POST, path, as: cast.triage, json: ["user": cast.bob.id.uuidString])
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, path, as: cast.expert, json: ["user": cast.bob.id.uuidString])
            #expect(response.status == .created, "the unit admin of DMSU")
            response = try await desk.request(.POST, "/api/v1/support-units/\(cast.dcache)/members", as: cast.expert, json: ["user": cast.bob.id.uuidString])
            #expect(response.status == .forbidden, "unit admins manage only their own unit")
            response = try await desk.request(.POST, path, as: cast.admin, json: ["user": UUID().uuidString])
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, path, as: cast.admin, json: ["user": "not-a-uuid"])
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, path, as: cast.admin, json: ["user": cast.bob.id.uuidString, "role": "boss"])
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/support-units/\(UUID())/members", as: cast.admin, json: ["user": cast.bob.id.uuidString])
            #expect(response.status == .notFound)

            response = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)", as: cast.alice)
            let unit = try response.content.decode(UnitAnswer.self)
            #expect(unit.members?.map(\.user.displayName) == ["Bob Siteadmin", "Eva Expert"])

            // Bob is a supporter now: he sees internal entries.
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "note", "visibility": "internal"])
            #expect(try await desk.events(id, as: cast.bob).contains { $0.kind == "comment-internal" })
        }
    }

    @Test func membersAreRemovedByAdministratorsAndUnitAdmins() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let path = "/api/v1/support-units/\(cast.tpm)/members/\(cast.triage.id)"
            #expect(try await desk.request(.DELETE, path, as: cast.expert).status == .forbidden)
            #expect(try await desk.request(.DELETE, path, as: cast.admin).status == .noContent)
            #expect(try await desk.request(.DELETE, path, as: cast.admin).status == .notFound)
            // No longer a supporter: internal entries are out of sight.
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "note", "visibility": "internal"])
            #expect(try await desk.request(.GET, "/api/v1/tickets/\(id)", as: cast.triage).status == .notFound)
        }
    }

    @Test func unknownUnitsAre404() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            #expect(try await desk.request(.GET, "/api/v1/support-units/\(UUID())", as: cast.alice).status == .notFound)
            #expect(try await desk.request(.GET, "/api/v1/support-units/TPM", as: cast.alice).status == .notFound)
        }
    }

    @Test func supportersMayFileDirectlyToAUnitSubmittersMayNot() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var response = try await desk.request(.POST, "/api/v1/tickets", as: cast.expert,
                                                  json: NewTicketInput(subject: "s", description: "d", supportUnit: "dCache"))
            #expect(try response.content.decode(TicketJSON.self).supportUnit.name == "dCache")
            response = try await desk.request(.POST, "/api/v1/tickets", as: cast.alice,
                                              json: NewTicketInput(subject: "s", description: "d", supportUnit: "dCache"))
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["supportUnit"] != nil)
        }
    }

    @Test func withoutAFirstLineUnitFilingIsAConflictNotACrash() async throws {
        try await TestHelpdesk.with { desk in
            let alice = try await desk.person("alice@example.edu", name: "Alice")
            let response = try await desk.request(.POST, "/api/v1/tickets", as: alice, json: ["subject": "s", "description": "d"])
            #expect(response.status == .conflict)
            #expect(try await TicketModel.query(on: desk.db).count() == 0)
        }
    }
}
