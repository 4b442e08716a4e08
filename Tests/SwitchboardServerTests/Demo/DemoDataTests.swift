import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct DemoDataTests {
    @Test func theDemoReproducesTheSeedStructureThroughTheServiceCode() async throws {
        try await TestHelpdesk.with { desk in
            let console = Terminal()
            console.stylizedOutputOverride = false
            #expect(try await DemoLoader.loadIfEmpty(desk.helpdesk, console: console))
            #expect(try await DemoLoader.loadIfEmpty(desk.helpdesk, console: console) == false, "only into an empty database")

            let units = try await SupportUnitModel.query(on: desk.db).all()
            #expect(units.count == DemoCatalogue.units.count)
            let byName = Dictionary(uniqueKeysWithValues: units.map { ($0.name, $0) })
            #expect(byName["TPM"]?.tier == .firstLine && byName["DMSU"]?.tier == .secondLine && byName["UMD Release"]?.tier == .release)
            #expect(byName["dCache"]?.serviceLevel == "level-2" && byName["ARGUS"]?.serviceLevel == "level-1")
            #expect(byName["dCache"]?.$parent.id == byName["Product teams"]?.id)

            let everything = try await TicketModel.query(on: desk.db).all()
            let tickets = everything.filter { $0.externalID == nil }
            #expect(tickets.count == DemoCatalogue.tickets.count)
            // And a year of history for the reports, loaded through the history import.
            #expect(everything.filter { ($0.externalID ?? "").hasPrefix("demo-") && !($0.externalID ?? "").hasPrefix("demo-ola-") }.count
                == DemoHistory.yearCount)
            // And the provider teams' tickets behind the OLA reports' support response.
            let providerTickets = everything.filter { $0.externalID?.hasPrefix("demo-ola-") == true }
            #expect(providerTickets.count > DemoServices.ticketCount / 2)
            let admin = try await desk.helpdesk.accounts.principal(for: try #require(try await UserModel.query(on: desk.db)
                .filter(\.$email == "admin@helpdesk.example.org").first()))
            let range = try ReportRange.parse(from: nil, to: nil, zone: nil, split: "quarter", now: desk.time.current)
            let table = try await desk.helpdesk.reports.quarterly(unit: try await desk.helpdesk.reports.reportUnit("DMSU"), range: range, for: admin)
            #expect(table.periods.count == 4)
            #expect(table.periods.allSatisfy { $0.assigned > 20 && $0.solved > 5 && $0.assignedToThirdLine > 0 }, "\(table.periods.map(\.assigned))")
            #expect(table.total.timeToSolveDays.median != nil)
            let statuses = Set(tickets.map(\.status))
            #expect(statuses.isSuperset(of: [.new, .assigned, .inProgress, .waitingForReply, .onHold, .reopened, .solved, .unsolved, .verified]))
            // Every ticket's history starts with its creation, and the histories are real events.
            for ticket in tickets {
                let first = try await TicketEventModel.query(on: desk.db).filter(\.$ticket.$id == (try ticket.requireID())).sort(\.$id).first()
                #expect(first?.kind == .created)
            }
            #expect(try await TicketEventModel.query(on: desk.db).filter(\.$kind == .commentInternal).count() > 0)

            // Demo accounts sign in with the printed password.
            let token = try await desk.helpdesk.accounts.issueToken(email: "triage@helpdesk.example.org", password: DemoCatalogue.password, name: nil, client: "127.0.0.1")
            #expect(!token.token.isEmpty)
        }
    }
}
