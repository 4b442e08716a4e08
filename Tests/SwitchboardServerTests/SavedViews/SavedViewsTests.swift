import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Saved views: a search kept under a name, one's own or shared with a unit by its admins,
/// shown with the count of tickets it finds for the viewer.
@Suite struct SavedViewsTests {
    typealias Browser = WebFlowTests.Browser

    struct ViewJSON: Decodable {
        var id: UUID
        var name: String
        var query: String
        var unit: String?
        var count: Int
        var url: String
    }

    @Test func ownAndSharedViewsCountTheirTicketsAndOnlyTheirKeepersRemoveThem() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice, subject: "Storage full", extra: ["priority": "urgent"])
            _ = try await desk.fileTicket(as: cast.bob, subject: "Storage slow")
            _ = try await desk.fileTicket(as: cast.alice, subject: "Proxy expired")

            let own = try await desk.request(.POST, "/api/v1/views", as: cast.triage,
                                             json: ["name": "Storage", "query": "?text=storage&cursor=abc&status=new"])
            #expect(own.status == .created, "\(own.body.string)")
            let saved = try JSONDecoder().decode(ViewJSON.self, from: Data(buffer: own.body))
            #expect(saved.query == "text=storage&status=new" && saved.count == 2 && saved.unit == nil && saved.url == "/search?text=storage&status=new",
                    "the cursor is dropped, the count is now's")
            #expect(own.body.string.contains("\"unit\":null"), "an own view says so explicitly")

            // Shared with DMSU by its admin; a plain member may not share.
            let shared = try await desk.request(.POST, "/api/v1/views", as: cast.expert,
                                                json: ["name": "Urgent", "query": "priority=urgent", "unit": cast.dmsu.uuidString])
            #expect(shared.status == .created, "\(shared.body.string)")
            let notAdmin = try await desk.request(.POST, "/api/v1/views", as: cast.triage,
                                                  json: ["name": "Urgent", "query": "priority=urgent", "unit": cast.dmsu.uuidString])
            #expect(notAdmin.status == .forbidden)

            // Bad input changes nothing and says why.
            for body in [["name": "", "query": "status=new"], ["name": "Bad", "query": "status=nonsense"], ["name": "Storage", "query": "status=new"],
                         ["name": "x", "query": "sort=sideways"]] {
                let refused = try await desk.request(.POST, "/api/v1/views", as: cast.triage, json: body)
                #expect(refused.status == .unprocessableEntity, "\(body): \(refused.body.string)")
            }

            func views(_ person: TestHelpdesk.Person) async throws -> [ViewJSON] {
                try JSONDecoder().decode([ViewJSON].self, from: Data(buffer: try await desk.request(.GET, "/api/v1/views", as: person).body))
            }
            #expect(try await views(cast.triage).map(\.name) == ["Storage"], "a unit's views are for its members only")
            let expertViews = try await views(cast.expert)
            #expect(expertViews.map(\.name) == ["Urgent"] && expertViews.first?.unit == "DMSU" && expertViews.first?.count == 1)
            // A submitter's view counts only her own tickets.
            let mine = try await desk.request(.POST, "/api/v1/views", as: cast.alice, json: ["name": "Storage", "query": "text=storage"])
            #expect(try JSONDecoder().decode(ViewJSON.self, from: Data(buffer: mine.body)).count == 1)

            let sharedID = try JSONDecoder().decode(ViewJSON.self, from: Data(buffer: shared.body)).id
            #expect(try await desk.request(.DELETE, "/api/v1/views/\(sharedID)", as: cast.triage).status == .notFound, "not his to see")
            #expect(try await desk.request(.DELETE, "/api/v1/views/\(saved.id)", as: cast.expert).status == .notFound)
            #expect(try await desk.request(.DELETE, "/api/v1/views/\(sharedID)", as: cast.expert).status == .noContent)
            #expect(try await desk.request(.DELETE, "/api/v1/views/\(saved.id)", as: cast.triage).status == .noContent)
            let left = try await views(cast.triage) + (try await views(cast.expert))
            #expect(left.isEmpty)
        }
    }

    @Test func aSearchIsSavedFromItsPageAndShownWithItsCountOnTheDashboard() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice, subject: "Storage full")
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let search = try await triage.get("/search?text=storage").body.string
            #expect(search.contains("<input type=\"hidden\" name=\"query\" value=\"text=storage\"/>"))
            let token = Browser.csrf(in: search)!
            let empty = try await triage.post("/views", form: ["_csrf": token, "name": " ", "query": "text=storage"])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("id=\"save-view\" open"), "the refused form comes back open")
            let saved = try await triage.post("/views", form: ["_csrf": token, "name": "Storage tickets", "query": "text=storage"])
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/search?text=storage")
            let dashboard = try await triage.get("/tickets").body.string
            let strip = try #require(dashboard.components(separatedBy: "id=\"saved-views\"").dropFirst().first?.components(separatedBy: "</nav>").first)
            #expect(strip.contains(">Storage tickets</a><span class=\"count\" aria-label=\"1 ticket\">1</span>"), "\(strip)")
            // Kept tidy on the search page.
            let list = try #require(try await triage.get("/search").body.string.components(separatedBy: "id=\"saved-view-list\"").dropFirst().first)
            let viewID = try #require(list.components(separatedBy: "/views/").dropFirst().first?.prefix(36))
            let removed = try await triage.post("/views/\(viewID)/remove", form: ["_csrf": token, "back": "https://elsewhere.example/"])
            #expect(removed.status == .seeOther && removed.headers.first(name: .location) == "/tickets", "back only to a page of this site")
            #expect(!(try await triage.get("/tickets").body.string.contains("id=\"saved-views\"")))
        }
    }
}
