import Foundation
import SwitchboardCore
import Vapor

/// The web interface: the assets, and every feature's pages behind the session, CSRF and NUL
/// guards. Each feature's web controller registers its routes from `SiteURL`; it loads a page's
/// model with the page's query, renders it with the page's view, and leaves every permission
/// to the helpdesk operations it calls.
struct WebController {
    let attachmentMaxBytes: Int

    func boot(_ app: Application) {
        app.get(SiteURL.stylesheet.pathComponents) { _ in Assets.response(Assets.stylesheet, type: "text/css; charset=utf-8") }
        app.get(SiteURL.script.pathComponents) { _ in Assets.response(Assets.script, type: "text/javascript; charset=utf-8") }

        let web = app.grouped(NULCharacterGuard(), WebSessionAuthenticator(), CSRFProtection())
        let signedIn = web.grouped(RequireWebSession())
        AccountsWebController().boot(web: web, signedIn: signedIn)
        TicketsWebController(attachmentMaxBytes: attachmentMaxBytes).boot(web: web, signedIn: signedIn)
        UnitsWebController().boot(web: web, signedIn: signedIn)
        SweepWebController().boot(web: web, signedIn: signedIn)
        ServiceLevelsWebController().boot(web: web, signedIn: signedIn)
        ReportsWebController().boot(web: web, signedIn: signedIn)
        CalendarsWebController().boot(web: web, signedIn: signedIn)
        MailWebController().boot(web: web, signedIn: signedIn)
        ReleasesWebController().boot(web: web, signedIn: signedIn)
        ServicesWebController().boot(web: web, signedIn: signedIn)
        ReplyTemplatesWebController().boot(web: web, signedIn: signedIn)
        SavedViewsWebController().boot(web: web, signedIn: signedIn)
        ListPreferencesWebController().boot(web: web, signedIn: signedIn)
        RequirementsWebController().boot(web: web, signedIn: signedIn)
        KnownIssuesWebController().boot(web: web, signedIn: signedIn)
        WebhooksWebController().boot(web: web, signedIn: signedIn)
        IdentityWebController().boot(web: web, signedIn: signedIn)
        // Any other address: a 404 page that still knows who is signed in.
        web.get("**") { request -> Response in
            throw HelpdeskError.notFound(ProblemMiddleware.isWebPage(request) ? "There is no page at this address." : "Not Found")
        }
    }
}

/// Sends people who are not signed in to the sign-in page, and back afterwards.
struct RequireWebSession: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(WebSignedIn.self) else {
            let target = request.method == .GET ? request.url.string : SiteURL.home.path
            return request.redirect(to: SiteURL.signIn.with(query: [("next", target)]), redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}
