import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Every event's mail, written to the outbox in the event's transaction (issue 5, "who gets what").
@Suite struct NotificationTests {
    func outbox(_ desk: TestHelpdesk) async throws -> [OutboxMessageModel] {
        try await OutboxMessageModel.query(on: desk.db).sort(\.$createdAt).all()
    }

    @Test func eachEventMailsItsSupportersAndThePublicOnesTheSubmitter() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var mail = try await outbox(desk)
            #expect(mail.map(\.kind) == ["created"], "the submitter is not mailed about her own ticket")
            #expect(mail.first?.recipientList == ["tpm@example.org"])
            #expect(mail.first?.subject == "[Switchboard #\(id)] Jobs fail on CREAM CE")
            let headers = Dictionary(uniqueKeysWithValues: mail.first!.headers.map { ($0.name, $0.value) })
            #expect(headers["References"] == "<switchboard.ticket-\(id)@127.0.0.1>")
            #expect(headers["In-Reply-To"] == headers["References"])
            #expect(headers["Auto-Submitted"] == "auto-generated")
            #expect(headers["Message-ID"]?.hasPrefix("<switchboard.") == true)
            try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, json: ["cc": ["carol@example.com"]])

            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Same pool as last week", "visibility": "internal"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Which version do you run?"])
            mail = try await outbox(desk)
            let internalNote = mail.filter { $0.kind == "comment-internal" }
            #expect(internalNote.map(\.recipientList) == [["tpm@example.org"]], "supporters only")
            let question = mail.filter { $0.kind == "comment-public" }
            #expect(question.map(\.recipientList) == [["tpm@example.org"], ["alice@example.edu"], ["carol@example.com"]])
            // Each person on the submitter's side has a reply address of their own; the unit list none.
            let replyTo = question.map { message in message.headers.first { $0.name == "Reply-To" }?.value }
            #expect(replyTo[0] == nil)
            #expect(replyTo[1]?.hasPrefix("switchboard+\(id)-") == true && replyTo[2]?.hasPrefix("switchboard+\(id)-") == true)
            #expect(replyTo[1] != replyTo[2])
            #expect(question.allSatisfy { $0.body.contains("Which version do you run?") })
            // No internal text ever reaches the submitter's side.
            for message in mail where message.recipientList.contains("alice@example.edu") || message.recipientList.contains("carol@example.com") {
                #expect(!message.body.contains("Same pool as last week"))
            }
        }
    }
}
