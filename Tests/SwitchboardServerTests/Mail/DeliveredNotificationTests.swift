import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The notifications as they leave the helpdesk: rendered, delivered, and still keeping the
/// supporters' internal text away from the submitter's side.
@Suite struct DeliveredNotificationTests {
    @Test func deliveredMailKeepsInternalTextOnTheSupportersSide() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Same pool as last week", "visibility": "internal"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Which version do you run?"])
            let transport = InMemoryMailTransport(refusing: ["alice@example.edu"])
            let report = try await desk.helpdesk.mailDelivery.deliver(transport: transport)
            let delivered = await transport.delivered()
            #expect(report.sent == 4, "created, internal note, and the question to the unit and to Alice")
            #expect(delivered.count == 3, "the relay refused Alice's copy")
            let toUnit = delivered.filter { $0.recipients == ["tpm@example.org"] }
            #expect(toUnit.count == 3)
            #expect(toUnit.contains { $0.message.contains("Same pool as last week") })
            for message in delivered where !message.recipients.contains("tpm@example.org") {
                #expect(!message.message.contains("Same pool as last week"))
            }
            // Alice's refused copy is recorded on its message, not retried as a failure.
            let refusedCopy = try #require(try await OutboxMessageModel.query(on: desk.db).all().first { $0.recipientList == ["alice@example.edu"] })
            #expect(refusedCopy.sentAt != nil && refusedCopy.lastError?.contains("alice@example.edu") == true)
        }
    }
}
