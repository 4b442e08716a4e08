import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

/// The dashboard as a set of lists a person chooses (built-in lists and saved views), the
/// columns of ticket lists, and the saved views in the navigation of every page.
@Suite struct ListPreferencesTests {
    typealias Browser = WebFlowTests.Browser

    struct PreferencesJSON: Decodable, Equatable {
        var columns: [String]
        var dashboard: [String]
        var dashboardIsDefault: Bool
    }

    struct ViewJSON: Decodable { var id: UUID }

    static func decode(_ response: TestingHTTPResponse) throws -> PreferencesJSON {
        try JSONDecoder().decode(PreferencesJSON.self, from: Data(buffer: response.body))
    }

    /// The section of a page between `id="<id>"` and the end of its element.
    static func part(_ html: String, id: String, until end: String) throws -> String {
        try #require(html.components(separatedBy: "id=\"\(id)\"").dropFirst().first?.components(separatedBy: end).first)
    }

    @Test func theAPIKeepsColumnsAndDashboardListsAndRefusesWhatThePersonMayNotHave() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let defaults = try Self.decode(try await desk.request(.GET, "/api/v1/list-preferences", as: cast.triage))
            #expect(defaults == PreferencesJSON(columns: TicketListColumn.allCases.map(\.rawValue), dashboard: ["assigned", "units"], dashboardIsDefault: true))
            #expect(try Self.decode(try await desk.request(.GET, "/api/v1/list-preferences", as: cast.alice)).dashboard == ["submitted"])

            let view = try JSONDecoder().decode(ViewJSON.self, from: Data(buffer: try await desk.request(
                .POST, "/api/v1/views", as: cast.triage, json: ["name": "Urgent", "query": "priority=urgent"]).body)).id
            let changed = try await desk.request(.PUT, "/api/v1/list-preferences", as: cast.triage,
                                                 json: ListPreferencesInput(columns: ["updated", "status"], dashboard: ["view:\(view)", "units"]))
            #expect(changed.status == .ok, "\(changed.body.string)")
            let expected = PreferencesJSON(columns: ["status", "updated"], dashboard: ["view:\(view.uuidString.lowercased())", "units"], dashboardIsDefault: false)
            #expect(try Self.decode(changed) == expected)
            // A field left out is kept.
            let columnsOnly = try await desk.request(.PUT, "/api/v1/list-preferences", as: cast.triage, json: ListPreferencesInput(columns: ["unit"]))
            #expect(try Self.decode(columnsOnly).dashboard == expected.dashboard)

            // Refused, and nothing changes: another person's view, a supporters' list for a
            // submitter, an unknown column, too many lists.
            let bobsView = try JSONDecoder().decode(ViewJSON.self, from: Data(buffer: try await desk.request(
                .POST, "/api/v1/views", as: cast.bob, json: ["name": "Mine", "query": "status=new"]).body)).id
            for (person, input) in [
                (cast.triage, ListPreferencesInput(dashboard: ["view:\(bobsView)"])),
                (cast.alice, ListPreferencesInput(dashboard: ["assigned"])),
                (cast.triage, ListPreferencesInput(columns: ["subject"])),
                (cast.triage, ListPreferencesInput(dashboard: Array(repeating: "units", count: 2))),
                (cast.triage, ListPreferencesInput(dashboard: (0...8).map { _ in "view:\(UUID())" })),
            ] {
                let refused = try await desk.request(.PUT, "/api/v1/list-preferences", as: person, json: input)
                #expect(refused.status == .unprocessableEntity, "\(input): \(refused.body.string)")
            }
            #expect(try Self.decode(try await desk.request(.GET, "/api/v1/list-preferences", as: cast.triage)).columns == ["unit"])
            #expect(try Self.decode(try await desk.request(.GET, "/api/v1/list-preferences", as: cast.alice)).dashboardIsDefault)

            let reset = try await desk.request(.DELETE, "/api/v1/list-preferences", as: cast.triage)
            #expect(try Self.decode(reset) == defaults)
            #expect(try Self.decode(try await desk.request(.GET, "/api/v1/list-preferences", as: cast.triage)) == defaults)
            #expect(try await desk.request(.GET, "/api/v1/list-preferences").status == .unauthorized)
        }
    }

    @Test func theDashboardShowsTheChosenListsInOrderWithTheChosenColumns() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let urgent = try await desk.fileTicket(as: cast.alice, subject: "Urgent storage", extra: ["priority": "urgent"])
            _ = try await desk.fileTicket(as: cast.bob, subject: "Calm proxy")
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let token = Browser.csrf(in: try await triage.get("/search").body.string)!
            _ = try await triage.post("/views", form: ["_csrf": token, "name": "Urgent ones", "query": "priority=urgent"])
            let viewKey = try #require(try await desk.helpdesk.savedViews.views(for: try await desk.principal(cast.triage)).first?.view.id)
                .uuidString.lowercased()

            // Offered: the built-in lists and the view; shown: the defaults.
            let before = try await triage.get("/tickets").body.string
            let form = try Self.part(before, id: "dashboard-lists", until: "</details>")
            for key in ["assigned", "units", "submitted", "view:\(viewKey)"] { #expect(form.contains("name=\"section\" value=\"\(key)\""), "\(key)") }
            #expect(before.contains("id=\"list-assigned\"") && before.contains("id=\"list-units\"") && !before.contains("id=\"list-view-"))

            // The view first, the unit queue second, the assigned list hidden; two columns.
            let saved = try await triage.post("/tickets/lists", fields: [
                ("_csrf", token), ("section", "units"), ("place-units", "2"), ("section", "view:\(viewKey)"), ("place-view:\(viewKey)", "1"),
                ("place-assigned", "3"), ("column", "status"), ("column", "updated"),
            ])
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/tickets")
            let after = try await triage.get("/tickets").body.string
            let viewList = try #require(after.range(of: "id=\"list-view-\(viewKey)\""))
            let unitList = try #require(after.range(of: "id=\"list-units\""))
            #expect(viewList.lowerBound < unitList.lowerBound && !after.contains("id=\"list-assigned\""))
            let viewSection = try Self.part(after, id: "list-view-\(viewKey)", until: "</section>")
            #expect(viewSection.contains("Urgent ones") && viewSection.contains("href=\"/tickets/\(urgent)\"") && !viewSection.contains("Calm proxy"))
            #expect(viewSection.contains("<a href=\"/search?priority=urgent\" class=\"small\">Open in search</a>"))
            let head = try Self.part(after, id: "list-units", until: "</thead>")
            #expect(head.contains(">Status</th>") && head.contains(">Updated</th>") && !head.contains(">Priority</th>") && !head.contains(">Unit</th>"))
            // The search page's list has the same columns.
            let search = try await triage.get("/search").body.string
            #expect(search.contains(">Updated</th>") && !search.contains(">Responsible</th>"))

            // A refused form comes back open with its message and changes nothing.
            let refused = try await triage.post("/tickets/lists", fields: [("_csrf", token), ("section", "assigned"), ("section", "bogus")])
            let refusedPage = refused.body.string
            #expect(refused.status == .unprocessableEntity && refusedPage.contains("id=\"dashboard-lists\" open"))
            #expect(refusedPage.contains("'bogus' is not a list"))
            #expect(!(try await triage.get("/tickets").body.string.contains("id=\"list-assigned\"")))

            // A removed view drops out of the dashboard; the rest stays.
            let viewID = try #require(UUID(uuidString: viewKey))
            try await desk.helpdesk.savedViews.delete(viewID, by: try await desk.acting(cast.triage))
            let withoutView = try await triage.get("/tickets").body.string
            #expect(!withoutView.contains("id=\"list-view-") && withoutView.contains("id=\"list-units\""))

            // Back to the defaults.
            let reset = try await triage.post("/tickets/lists", fields: [("_csrf", token), ("reset", "1")])
            #expect(reset.status == .seeOther)
            let defaults = try await triage.get("/tickets").body.string
            #expect(defaults.contains("id=\"list-assigned\"") && defaults.contains(">Priority</th>"))
        }
    }

    @Test func savedViewsStandInTheNavigationOfEveryPageWithBoundedCounts() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            for subject in ["Storage one", "Storage two", "Storage three"] { _ = try await desk.fileTicket(as: cast.alice, subject: subject) }
            _ = try await desk.request(.POST, "/api/v1/views", as: cast.triage, json: ["name": "Storage", "query": "text=storage"])
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            for page in ["/tickets", "/units", "/account", "/search?text=storage"] {
                let html = try await triage.get(page).body.string
                let navigation = try Self.part(html, id: "saved-views", until: "</nav>")
                #expect(navigation.contains(">Storage</a><span class=\"count\" aria-label=\"3 tickets\">3</span>"), "\(page): \(navigation)")
                #expect(navigation.contains("aria-current=\"page\"") == (page == "/search?text=storage"), "\(page)")
            }
            // A bound stops the count; the page says "at least".
            let principal = try await desk.principal(cast.triage)
            let bounded = try #require(try await desk.helpdesk.savedViews.views(for: principal, countUpTo: 2).first)
            #expect(bounded.count == 2 && bounded.countIsLowerBound)
            #expect(SavedViewsNavigation.render([bounded], currentPath: "/").render().contains(">2+</span>"))
            let exact = try #require(try await desk.helpdesk.savedViews.views(for: principal, countUpTo: 5).first)
            #expect(exact.count == 3 && !exact.countIsLowerBound)
            // Another person sees none of it.
            var bob = Browser(desk: desk)
            try await bob.signIn(cast.bob.email)
            #expect(!(try await bob.get("/tickets").body.string.contains("id=\"saved-views\"")))
        }
    }
}
