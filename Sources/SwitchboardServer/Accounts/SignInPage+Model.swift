import Vapor

/// The sign-in page: the providers' buttons and, unless switched off, the password form.
enum SignInPage: WebPage {
    struct Provider {
        var key: String
        var name: String
    }

    struct Model {
        var email: String = ""
        var message: String?
        var next: String?
        var providers: [Provider] = []
        var passwordSignIn = true
    }

    /// The page as the answer, with the double-submit token the forms of a visitor carry.
    static func respond(_ request: Request, _ model: Model, status: HTTPStatus) -> Response {
        var model = model
        let settings = request.helpdesk.configuration
        model.providers = settings.oidcProviders.map { Provider(key: $0.key, name: $0.name) }
        model.passwordSignIn = settings.passwordSignIn
        return AnonymousPage.respond(request, status: status) { render(model, context: $0) }
    }
}

/// Pages for visitors who are not signed in yet that carry forms: the CSRF token is a cookie's
/// (double submit), made here when the browser has none.
enum AnonymousPage {
    static func respond(_ request: Request, status: HTTPStatus, _ render: (PageContext) -> String) -> Response {
        let token = request.cookies[WebCookies.signInCSRF]?.string ?? TokenDigest.newToken()
        let response = WebResponse.html(render(PageContext.anonymous(csrfToken: token, now: request.now)), status: status)
        response.cookies[WebCookies.signInCSRF] = WebCookies.value(token, request: request, maxAge: 3600)
        return response
    }
}
