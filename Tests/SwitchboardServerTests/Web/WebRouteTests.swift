import Foundation
import Testing
import Vapor
@testable import SwitchboardServer

/// The web routes come from `SiteURL`: every case is served, and every web route is a case.
@Suite struct WebRouteTests {
    @Test func everySiteURLHasARouteAndEveryWebRouteIsASiteURL() async throws {
        try await TestHelpdesk.with { desk in
            let expected = Set(SiteURL.routes.map { "/" + $0.pathComponents.map(\.description).joined(separator: "/") })
            var served: Set<String> = []
            for route in desk.app.routes.all {
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                // The API, the probes, the metrics and the catch-all 404 page are not pages.
                if path.hasPrefix("/api/") || ["/health", "/ready", "/metrics", "/**"].contains(path) { continue }
                served.insert(path)
            }
            #expect(served == expected, "served but not a SiteURL: \(served.subtracting(expected)); SiteURL without a route: \(expected.subtracting(served))")
            #expect(SiteURL.routes.count == expected.count, "each case is listed once")
        }
    }

    @Test func linksFillTheRouteParameters() {
        let id = UUID()
        #expect(SiteURL.ticket(.value(42)).path == "/tickets/42")
        #expect(SiteURL.ticket(.key).path == "/tickets/:ticketID")
        #expect(SiteURL.removeMember(unit: .value(id), user: .value(id)).path == "/units/\(id)/members/\(id)/remove")
        #expect(SiteURL.ticketAction(.value(7), .value(.assignPerson)).path == "/tickets/7/assign-person")
        #expect(SiteURL.editServiceLevel(.value("level 2/x")).path == "/admin/service-levels/level%202%2Fx/edit")
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.tickets.with(query: [("status", "new")]) == "/tickets?status=new")
    }
}
