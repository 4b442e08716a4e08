import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Ticket changes read units, service levels, calendars and webhook endpoints from a catalogue
/// kept in memory (issue 16); any change of those tables, by any process or statement, must be
/// seen by the next ticket change.
@Suite struct CatalogCacheTests {
    /// A statement on the pool, as another process (or an administrator's SQL) would write.
    private func outside(_ desk: TestHelpdesk, _ statement: SQLQueryString) async throws {
        try await (desk.db as! any SQLDatabase).raw(statement).run()
    }

    private func version(_ desk: TestHelpdesk) async throws -> Int {
        try await CatalogCache.version(on: desk.db)
    }

    @Test func everyChangeOfTheCatalogueTablesRaisesItsVersion() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var last = try await version(desk)
            func expectRaised(_ what: String) async throws {
                let now = try await version(desk)
                #expect(now > last, "\(what) left the catalogue's version at \(now)")
                last = now
            }
            let quiet = try await desk.unit("Quiet", .secondLine)
            try await expectRaised("a new unit")
            try await outside(desk, "UPDATE support_units SET mailing_list = 'x@example.org' WHERE name = 'Quiet'")
            try await expectRaised("a unit's change")
            try await outside(desk, "UPDATE service_levels SET description = 'changed'")
            try await expectRaised("a service level's change")
            let calendar = try await desk.request(.POST, "/api/v1/calendars", as: cast.admin, json: [
                "name": "Italy", "timeZone": "Europe/Rome"])
            #expect(calendar.status == .created, "\(calendar.body.string)")
            try await expectRaised("a new calendar")
            try await outside(desk, "DELETE FROM calendar_holidays")
            // A unit's former name, as a rename records it.
            let renamed = try await desk.request(.PUT, "/api/v1/support-units/\(quiet)", as: cast.admin, json: [
                "name": "Calm", "tier": "second-line", "mailingList": "x@example.org"])
            #expect(renamed.status == .ok, "\(renamed.body.string)")
            try await expectRaised("a rename")
            try await outside(desk, "DELETE FROM former_unit_names")
            try await expectRaised("a former name forgotten")
            try await outside(desk, "DELETE FROM support_units WHERE name = 'Calm'")
            try await expectRaised("a removed unit")
            // Ticket changes leave it alone.
            _ = try await desk.fileTicket(as: cast.alice)
            #expect(try await version(desk) == last)
        }
    }

    @Test func aTicketChangeSeesTheCatalogueAsTheDatabaseHasItNow() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            // Warms the kept catalogue.
            _ = try await desk.fileTicket(as: cast.triage, extra: ["supportUnit": "DMSU", "priority": "urgent"])
            // Renamed behind the process's back.
            try await outside(desk, "UPDATE support_units SET name = 'DMSU Grid' WHERE name = 'DMSU'")
            let refused = try await desk.request(.POST, "/api/v1/tickets", as: cast.triage, json: NewTicketInput(
                subject: "Old name", description: "d", supportUnit: "DMSU"))
            #expect(refused.status == .unprocessableEntity)
            let filed = try await desk.fileTicket(as: cast.triage, extra: ["supportUnit": "DMSU Grid", "priority": "urgent"])
            #expect(try await desk.ticket(filed, as: cast.triage).supportUnit.name == "DMSU Grid")
            let response = try await desk.request(.GET, "/api/v1/tickets/\(filed)", as: cast.triage)
            #expect(response.body.string.contains("\"dueAt\""), "an urgent ticket in a unit with targets has a clock")
            // Best effort now: the next ticket there starts no clock.
            try await outside(desk, "UPDATE support_units SET service_level = 'best-effort' WHERE name = 'DMSU Grid'")
            let unclocked = try await desk.fileTicket(as: cast.triage, extra: ["supportUnit": "DMSU Grid", "priority": "urgent"])
            let shown = try await desk.request(.GET, "/api/v1/tickets/\(unclocked)", as: cast.triage)
            #expect(!shown.body.string.contains("\"dueAt\""), "\(shown.body.string)")
        }
    }
}
