import SwitchboardCore
import Vapor

/// The person behind a request, with the rules' view of them.
struct SignedIn: Authenticatable {
    var user: UserModel
    var principal: Principal

    var acting: Acting { Acting(principal: principal, name: user.displayName) }
}

/// Accepts `Authorization: Bearer <token>`. A token costs one indexed lookup of its SHA-256
/// digest, plus one query for the memberships.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let user = try await request.helpdesk.accounts.user(forToken: bearer.token) else { return }
        request.auth.login(SignedIn(user: user, principal: try await request.helpdesk.accounts.principal(for: user)))
    }
}

/// Refuses requests that are not signed in with 401.
struct RequireSignedIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(SignedIn.self) else {
            let presented = request.headers.bearerAuthorization != nil
            throw HelpdeskError.unauthenticated(presented
                ? "The bearer token is unknown or revoked."
                : "Sign in: send Authorization: Bearer <token> (POST /api/v1/tokens issues one).")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    var signedIn: SignedIn {
        get throws {
            guard let signedIn = auth.get(SignedIn.self) else { throw HelpdeskError.unauthenticated("Sign in first.") }
            return signedIn
        }
    }
}
