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

            let tickets = try await TicketModel.query(on: desk.db).all()
            #expect(tickets.count == DemoCatalogue.tickets.count)
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
