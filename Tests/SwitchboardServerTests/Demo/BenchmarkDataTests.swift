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

    /// With comments: each generated ticket has them after it was filed, every fourth internal,
    /// each with its event, and their words are searched like any comment's.
    @Test func generatedCommentsAreHistoryAndSearchable() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            try await BenchmarkData.addTickets(40, commentsEach: 4, to: desk.helpdesk)
            let generated = try await TicketModel.query(on: desk.db).filter(\.$description == "Generated for benchmarks.").all()
            let ids = try generated.map { try $0.requireID() }
            let comments = try await CommentModel.query(on: desk.db).filter(\.$ticket.$id ~~ ids).all()
            #expect(comments.count == 160 && comments.filter { $0.visibility == .internal }.count == 40)
            let filed = Dictionary(uniqueKeysWithValues: try generated.map { (try $0.requireID(), $0.createdAt) })
            #expect(comments.allSatisfy { $0.createdAt > filed[$0.$ticket.id]! && !$0.body.isEmpty })
            let events = try await TicketEventModel.query(on: desk.db).filter(\.$ticket.$id ~~ ids).filter(\.$comment.$id != nil).count()
            #expect(events == 160)
            #expect(BenchmarkData.commentBody(ticket: 7, number: 1) == BenchmarkData.commentBody(ticket: 7, number: 1), "the same on every run")
            // An internal comment's words find its ticket for a supporter.
            let note = try #require(comments.first { $0.visibility == .internal })
            let word = try #require(note.body.split(separator: " ").map(String.init).first { $0.count > 6 && $0.allSatisfy(\.isLetter) })
            let supporter = try await desk.request(.GET, "/api/v1/tickets?text=\(word)&limit=200", as: cast.triage)
            #expect(try supporter.content.decode(ListJSON.self).items.map(\.id).contains(note.$ticket.id))
        }
    }
}
