import SwitchboardCore
import Vapor

/// The person behind a request, with the rules' view of them.
struct SignedIn: Authenticatable {
    var user: UserModel
    var principal: Principal

    var acting: Acting { Acting(principal: principal, name: user.displayName, account: user) }
}

/// Accepts `Authorization: Bearer <token>`: one of Switchboard's own tokens (`sb_…`: one
/// indexed lookup of its SHA-256 digest, plus one query for the memberships), or an access
/// token of a configured OpenID Connect provider (checked by `OIDCProviderClient`) that stands
/// for an identity linked to an account.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let helpdesk = request.helpdesk
        let user: UserModel?
        if bearer.token.hasPrefix("sb_") || helpdesk.identityProviders.isEmpty {
            user = try await helpdesk.accounts.user(forToken: bearer.token)
        } else {
            user = try await ProviderAccessTokens.user(for: bearer.token, helpdesk: helpdesk, request: request)
        }
        guard let user else { return }
        request.auth.login(SignedIn(user: user, principal: try await helpdesk.accounts.principal(for: user)))
    }
}

/// Refuses requests that are not signed in with 401.
struct RequireSignedIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(SignedIn.self) else {
            let presented = request.headers.bearerAuthorization != nil
            if let refusal = request.storage[ProviderAccessTokens.RefusalKey.self] { throw refusal }
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
