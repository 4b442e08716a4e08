import Fluent
import Foundation
import SwitchboardCore

/// What the administrators' mail page shows.
public struct MailOverview: Sendable {
    public var failed: [OutboxMessageModel]
    public var pendingCount: Int
    /// The oldest waiting messages.
    public var pending: [OutboxMessageModel]
    public var received: [InboundMessageModel]
    /// Why the last attempt to send failed, while messages still wait.
    public var deliveryProblem: String?
}

/// Reading the outbox and the mail gate's log (administrators).
extension MailDelivery {
    public enum OutboxState: String, Sendable, CaseIterable {
        case failed, pending, sent
    }

    /// Messages in one state, newest first (pending ones oldest first).
    public func messages(_ state: OutboxState, limit: Int, by acting: Acting) async throws -> [OutboxMessageModel] {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("The outbox is for administrators.") }
        let query = OutboxMessageModel.query(on: helpdesk.database)
        switch state {
        case .failed: query.filter(\.$failedAt != nil).sort(\.$failedAt, .descending)
        case .pending: query.filter(\.$sentAt == nil).filter(\.$failedAt == nil).sort(\.$createdAt)
        case .sent: query.filter(\.$sentAt != nil).sort(\.$sentAt, .descending)
        }
        return try await query.limit(limit).all()
    }

    public func overview(by acting: Acting) async throws -> MailOverview {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("The mail page is for administrators.") }
        let database = helpdesk.database
        let waiting = { OutboxMessageModel.query(on: database).filter(\.$sentAt == nil).filter(\.$failedAt == nil) }
        return MailOverview(
            failed: try await messages(.failed, limit: 200, by: acting),
            pendingCount: try await waiting().count(),
            pending: try await waiting().sort(\.$createdAt).limit(50).all(),
            received: try await InboundMessageModel.query(on: database).sort(\.$receivedAt, .descending).limit(50).all(),
            deliveryProblem: try await waiting().filter(\.$lastError != nil).sort(\.$nextAttemptAt, .descending).first()?.lastError)
    }
}
