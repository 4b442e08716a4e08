import Fluent
import SwitchboardCore
import Vapor

/// `/api/v1/users` and `/api/v1/tokens`.
struct AccountsController {
    /// Routes that need no sign-in.
    func bootPublic(routes: any RoutesBuilder) {
        routes.post("tokens", use: issueToken)
    }

    func boot(routes: any RoutesBuilder) {
        routes.post("users", use: createUser)
        routes.get("users", "me", use: me)
        routes.patch("users", ":userID", use: updateUser)
        routes.delete("tokens", ":tokenID", use: revokeToken)
    }

    func issueToken(_ request: Request) async throws -> Response {
        let body = try request.content.decode(TokenRequest.self)
        let issued = try await request.helpdesk.accounts.issueToken(email: body.email, password: body.password, name: body.name, client: request.clientAddress)
        return try await TokenResponse(id: try issued.model.requireID(), token: issued.token, name: issued.model.name, createdAt: issued.model.createdAt)
            .encodeResponse(status: .created, for: request)
    }

    func revokeToken(_ request: Request) async throws -> HTTPStatus {
        guard let id = request.parameters.get("tokenID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no such token.")
        }
        try await request.helpdesk.accounts.revokeToken(id: id, by: try request.signedIn.acting)
        return .noContent
    }

    func createUser(_ request: Request) async throws -> Response {
        let acting = try request.signedIn.acting
        guard Permissions.mayAdminister(acting.principal) else {
            throw HelpdeskError.forbidden("Only administrators may create users.")
        }
        let input = try request.content.decode(NewUserInput.self)
        let user = try await request.helpdesk.accounts.createUser(input, by: acting)
        let response = try await UserResponse(user, memberships: []).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/users/\(try user.requireID())")
        return response
    }

    func updateUser(_ request: Request) async throws -> UserResponse {
        guard let id = request.parameters.get("userID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no such user.")
        }
        let acting = try request.signedIn.acting
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may edit users.") }
        let input = try request.content.decode(UserUpdateInput.self)
        let user = try await request.helpdesk.accounts.updateUser(id, input, by: acting)
        let memberships = try await request.helpdesk.units.memberships(ofUser: id)
        return try UserResponse(user, memberships: memberships)
    }

    func me(_ request: Request) async throws -> UserResponse {
        let user = try request.signedIn.user
        let memberships = try await request.helpdesk.units.memberships(ofUser: try user.requireID())
        return try UserResponse(user, memberships: memberships)
    }
}
