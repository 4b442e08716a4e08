import Foundation
import SwitchboardCore
import Vapor

/// A page of the web interface: a plain `Model`, rendered to HTML by the page's view. Each page
/// keeps its model, its view and its query in `XPage+Model.swift`, `+View.swift` and
/// `+Query.swift`; the query loads the model through the helpdesk's operations.
protocol WebPage {
    associatedtype Model
    static func render(_ model: Model, context: PageContext) -> String
}

extension URI {
    /// The query's parameters that have a value (the last one of a repeated name).
    var nonEmptyQueryValues: [String: String] {
        var values: [String: String] = [:]
        for item in URLComponents(string: string)?.queryItems ?? [] where !(item.value ?? "").isEmpty {
            values[item.name] = item.value
        }
        return values
    }
}

/// What the web controllers share: the signed-in person, path parameters, rendering a page, and
/// showing a refused form on its page again.
extension Request {
    /// What every page needs to know about the request: who is signed in, the CSRF token, the time.
    var pageContext: PageContext {
        if let web = auth.get(WebSignedIn.self) {
            let principal = web.signedIn.principal
            return PageContext(
                viewer: .init(displayName: web.signedIn.user.displayName, isSupporter: principal.isSupporter, isAdmin: principal.isAdmin,
                              views: web.lists.views, columns: web.lists.preferences.columns),
                csrfToken: web.csrfToken, now: now, currentPath: url.string)
        }
        return .anonymous(csrfToken: cookies[WebCookies.signInCSRF]?.string ?? "", now: now)
    }

    /// Loads the signed-in person's views and list preferences again, for a page rendered after
    /// a change in the same request (the navigation's counts).
    func refreshViewerLists() async throws {
        guard var web = auth.get(WebSignedIn.self) else { return }
        web.lists = try await ViewerLists.load(helpdesk, for: web.signedIn.principal)
        auth.login(web)
    }

    /// Every value a form sent under `name`, decoded: a multiple select or checkboxes of one name
    /// send it once per choice, which `content.decode` does not read as a list.
    func formValues(_ name: String) -> [String] {
        (body.string ?? "").split(separator: "&").compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first.map({ $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }) == name else { return nil }
            let value = parts.count > 1 ? String(parts[1]) : ""
            return value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
        }
    }

    /// The signed-in person of a page behind `RequireWebSession`.
    func webSession() throws -> WebSignedIn {
        guard let web = auth.get(WebSignedIn.self) else { throw HelpdeskError.unauthenticated("Sign in first.") }
        return web
    }

    /// The signed-in person, who must be an administrator.
    func administrator() throws -> WebSignedIn {
        let web = try webSession()
        guard Permissions.mayAdminister(web.signedIn.principal) else { throw HelpdeskError.forbidden("This page is for administrators.") }
        return web
    }

    /// A positive number from the path (a ticket), else the 404 page.
    func pathID(_ name: String) throws -> Int {
        guard let value = parameters.get(name).flatMap(Int.init), value > 0 else {
            throw HelpdeskError.notFound("There is no such ticket.")
        }
        return value
    }

    /// A UUID from the path, else the 404 page.
    func pathUUID(_ name: String) throws -> UUID {
        guard let value = parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no such page.")
        }
        return value
    }

    /// A page as the response.
    func render<Page: WebPage>(_ page: Page.Type, _ model: Page.Model, status: HTTPStatus = .ok) -> Response {
        WebResponse.html(Page.render(model, context: pageContext), status: status)
    }

    /// Runs a form's operation. When the helpdesk refuses it, the page is loaded again and shown
    /// with the refusal (`show` puts it into the model), answered with the refusal's status; a
    /// refusal that says the thing does not exist is the 404 page instead.
    func submit<Page: WebPage>(
        _ page: Page.Type, reload: () async throws -> Page.Model, show: (inout Page.Model, HelpdeskError) -> Void,
        _ operation: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await operation()
        } catch let error as HelpdeskError {
            if case .notFound = error { throw error }
            var model = try await reload()
            show(&model, error)
            return render(page, model, status: error.pageStatus)
        }
    }
}

/// HTML responses of the web interface, with the headers every page carries.
enum WebResponse {
    static func html(_ body: String, status: HTTPStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }

    /// A path on this site to return to after signing in; anything else goes to the start page.
    static func safeNext(_ next: String?) -> String {
        RedirectTarget.sitePath(next, fallback: SiteURL.home.path)
    }
}

extension HelpdeskError {
    /// The status a refused operation answers with on a page.
    var pageStatus: HTTPStatus {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .payloadTooLarge
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .invalid: .unprocessableEntity
        }
    }
}
