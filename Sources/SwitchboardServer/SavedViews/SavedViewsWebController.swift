import Foundation
import SwitchboardCore
import Vapor

/// The search page's "Save this search" form and the views' remove buttons.
struct SavedViewsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.post(SiteURL.views.pathComponents, use: save)
        signedIn.post(SiteURL.removeView(.key).pathComponents, use: remove)
    }

    struct SaveForm: Content {
        var name: String?
        var query: String?
        var unit: String?
    }

    /// Saves the search and shows it; a refused form shows the search again with the messages.
    func save(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let form = try request.content.decode(SaveForm.self)
        let helpdesk = request.helpdesk
        let query = SavedViewOperations.canonicalQuery(form.query ?? "")
        let searchURL = URI(string: SiteURL.search.with(rawQuery: query))
        return try await request.submit(SearchPage.self, reload: { try await SearchPage.query(helpdesk, actor: web.signedIn.principal, url: searchURL) },
                                        show: { model, error in
            if case .invalid(let errors) = error { model.viewErrors = errors.messages } else { model.viewErrors = ["name": [error.message]] }
            model.viewName = form.name
        }) {
            var unit: UUID?
            if let text = form.unit, !text.isEmpty {
                guard let id = UUID(uuidString: text) else { throw HelpdeskError.invalid("unit", "There is no support unit '\(text)'.") }
                unit = id
            }
            _ = try await helpdesk.savedViews.create(SavedViewInput(name: form.name, query: query, unit: unit), by: web.signedIn.acting)
            return request.redirect(to: searchURL.string, redirectType: .normal)
        }
    }

    /// Removes a view and goes back to the page it was removed on (a path of this site only).
    func remove(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        struct RemoveForm: Content { var back: String? }
        let back = (try? request.content.decode(RemoveForm.self))?.back
        try await request.helpdesk.savedViews.delete(try request.pathUUID("viewID"), by: web.signedIn.acting)
        return request.redirect(to: RedirectTarget.sitePath(back, fallback: SiteURL.tickets.path), redirectType: .normal)
    }
}
