import Fluent
import Foundation
import SwitchboardCore

/// Loading MailPage's model through the helpdesk's operations.
extension MailPage {
    static func query(_ helpdesk: Helpdesk, acting: Acting) async throws -> Model {
        let overview = try await helpdesk.mailDelivery.overview(by: acting)
        func row(_ message: OutboxMessageModel, at: Date) throws -> Message {
            Message(id: try message.requireID(), ticket: message.$ticket.id, recipients: message.recipientList, subject: message.subject,
                    attempts: message.attempts ?? 0, lastError: message.lastError, at: at)
        }
        return Model(pendingCount: overview.pendingCount, failed: try overview.failed.map { try row($0, at: $0.failedAt ?? $0.createdAt) },
                     pending: try overview.pending.map { try row($0, at: $0.nextAttemptAt ?? $0.createdAt) },
                     received: overview.received.map {
                         Received(messageID: $0.messageID, sender: $0.sender, at: $0.receivedAt, outcome: $0.outcome, ticket: $0.$ticket.id)
                     },
                     deliveryProblem: overview.deliveryProblem)
    }
}
