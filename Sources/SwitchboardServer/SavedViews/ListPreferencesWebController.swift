import Foundation
import SwitchboardCore
import Vapor

/// The dashboard's "Change the dashboard and columns" form.
struct ListPreferencesWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.post(SiteURL.dashboardLists.pathComponents, use: save)
    }

    /// Saves the lists and columns (or goes back to the defaults) and shows the dashboard; a
    /// refused form comes back open with its message.
    func save(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        let form = Self.FormValues(body: request.body.string ?? "")
        return try await request.submit(DashboardPage.self, reload: {
            try await DashboardPage.query(helpdesk, actor: web.signedIn.principal, lists: web.lists, filters: .init())
        }, show: { model, error in
            if case .invalid(let errors) = error { model.listErrors = errors.messages } else { model.listErrors = ["dashboard": [error.message]] }
        }) {
            if form.reset {
                try await helpdesk.listPreferences.reset(by: web.signedIn.acting)
            } else {
                _ = try await helpdesk.listPreferences.update(ListPreferencesInput(columns: form.columns, dashboard: form.orderedSections),
                                                              by: web.signedIn.acting)
            }
            return request.redirect(to: SiteURL.tickets.path, redirectType: .normal)
        }
    }

    /// The form's repeated fields: `section` once per ticked list with its `place-<key>`, and
    /// `column` once per ticked column.
    struct FormValues {
        var sections: [String] = []
        var places: [String: Int] = [:]
        var columns: [String] = []
        var reset = false

        init(body: String) {
            var components = URLComponents()
            components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
            for item in components.queryItems ?? [] {
                let value = item.value ?? ""
                switch item.name {
                case "section": sections.append(value)
                case "column": columns.append(value)
                case "reset": reset = value == "1"
                case let name where name.hasPrefix("place-"):
                    if let place = Int(value.trimmingCharacters(in: .whitespaces)) { places[String(name.dropFirst(6))] = place }
                default: break
                }
            }
        }

        /// The ticked lists by their place; a list without a place goes after those with one,
        /// in the form's order.
        var orderedSections: [String] {
            sections.enumerated().sorted { left, right in
                (places[left.element] ?? Int.max, left.offset) < (places[right.element] ?? Int.max, right.offset)
            }.map(\.element)
        }
    }
}
