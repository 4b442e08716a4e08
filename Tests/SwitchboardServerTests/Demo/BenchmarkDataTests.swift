import Fluent
import Foundation
import Testing
@testable import SwitchboardServer

/// The generated benchmark tickets look like a helpdesk's past.
@Suite struct BenchmarkDataTests {
    @Test func generatedTicketsLieInThePastAndAreFoundByTheirWords() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            try await BenchmarkData.addTickets(1_200, to: desk.helpdesk)
            let generated = try await TicketModel.query(on: desk.db).filter(\.$description == "Generated for benchmarks.").all()
            #expect(generated.count == 1_200)
            let now = desk.time.current
            #expect(generated.allSatisfy { $0.createdAt < now && $0.createdAt > now.addingTimeInterval(-5 * 366 * 86_400) })
            #expect(Set(generated.map(\.createdAt)).count == 1_200, "one at a time, ten minutes apart")
            // The full-text index took them in too.
            let found = try await desk.request(.GET, "/api/v1/tickets?text=generated&limit=5", as: cast.triage)
            #expect(try found.content.decode(ListJSON.self).items.count == 5)
        }
    }
}
