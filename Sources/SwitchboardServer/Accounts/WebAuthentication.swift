import Foundation
import SwitchboardCore
import Vapor

/// The browser side of signing in: a session cookie (HttpOnly, SameSite=Lax, Secure over
/// https) and the CSRF token that every state-changing form carries.
enum WebCookies {
    static let session = "switchboard_session"
    /// Double-submit token for the sign-in form, before there is a session.
    static let signInCSRF = "switchboard_signin_csrf"
    /// Binds a sign-in at a provider to the browser that started it.
    static let providerSignIn = "switchboard_oidc"
    /// A federated identity waiting for the matching local account's password.
    static let identityLink = "switchboard_link"

    static func value(_ token: String, request: Request, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, maxAge: maxAge, path: "/", isSecure: isSecure(request), isHTTPOnly: true, sameSite: .lax)
    }

    /// The answer to a sign-in that succeeded (password or provider): the session cookie, and on
    /// to the page the person came for.
    static func signedIn(_ request: Request, sessionToken: String, next: String?) -> Response {
        let response = request.redirect(to: WebResponse.safeNext(next), redirectType: .normal)
        response.cookies[session] = value(sessionToken, request: request, maxAge: Int(SessionOperations.sessionLifetime))
        response.cookies[signInCSRF] = value("", request: request, maxAge: 0)
        return response
    }

    static func isSecure(_ request: Request) -> Bool {
        request.url.scheme == "https" || request.headers.first(name: "X-Forwarded-Proto") == "https"
    }
}

/// A signed-in browser: the person and their session's CSRF token.
struct WebSignedIn: Authenticatable {
    var signedIn: SignedIn
    var csrfToken: String
    var sessionToken: String
    /// Their saved views and list preferences, for the page frame.
    var lists: ViewerLists = .none
}

struct WebSessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[WebCookies.session]?.string,
           let session = try await request.helpdesk.sessions.session(forToken: token) {
            let signedIn = SignedIn(user: session.user, principal: try await request.helpdesk.accounts.principal(for: session.user))
            request.auth.login(signedIn)
            let lists = try await ViewerLists.load(request.helpdesk, for: signedIn.principal)
            request.auth.login(WebSignedIn(signedIn: signedIn, csrfToken: session.csrfToken, sessionToken: token, lists: lists))
        }
        return try await next.respond(to: request)
    }
}

/// Refuses a state-changing request whose `_csrf` field does not match the session's token.
struct CSRFProtection: AsyncMiddleware {
    struct Field: Decodable { var _csrf: String? }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST else { return try await next.respond(to: request) }
        let sent = (try? request.content.decode(Field.self))?._csrf ?? ""
        let expected: String?
        if let web = request.auth.get(WebSignedIn.self) {
            expected = web.csrfToken
        } else {
            expected = request.cookies[WebCookies.signInCSRF]?.string
        }
        guard let expected, !sent.isEmpty, ConstantTime.equal(sent, expected) else {
            throw HelpdeskError.forbidden("The form has expired or did not come from this site. Go back, reload the page and try again.")
        }
        return try await next.respond(to: request)
    }
}
