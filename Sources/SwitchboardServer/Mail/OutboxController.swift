import Fluent
import SwitchboardCore
import Vapor

/// `/api/v1/outbox`: administrators see outgoing mail (failed, pending, sent) and retry
/// failed messages.
struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let outbox = routes.grouped("outbox")
        outbox.get(use: list)
        outbox.post(":messageID", "retry", use: retry)
    }

    func list(_ request: Request) async throws -> [OutboxMessageResponse] {
        let acting = try request.signedIn.acting
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("The outbox is for administrators.") }
        let stateText = request.query[String.self, at: "state"].flatMap { $0.isEmpty ? nil : $0 } ?? "failed"
        guard let state = MailDelivery.OutboxState(rawValue: stateText) else {
            throw HelpdeskError.invalid("state", "state is failed, pending or sent.")
        }
        var limit = 100
        if let text = request.query[String.self, at: "limit"], !text.isEmpty {
            guard let number = Int(text), (1...1000).contains(number) else { throw HelpdeskError.invalid("limit", "limit is a number from 1 to 1000.") }
            limit = number
        }
        return try await request.helpdesk.mailDelivery.messages(state, limit: limit, by: acting).map(OutboxMessageResponse.init)
    }

    func retry(_ request: Request) async throws -> OutboxMessageResponse {
        guard let id = request.parameters.get("messageID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no such message in the outbox.")
        }
        return try OutboxMessageResponse(try await request.helpdesk.mailDelivery.retry(id, by: try request.signedIn.acting))
    }
}

struct OutboxMessageResponse: Content {
    var id: UUID
    var ticket: Int?
    var kind: String
    var recipients: [String]
    var subject: String
    var createdAt: Date
    var attempts: Int
    var nextAttemptAt: Date?
    var sentAt: Date?
    var failedAt: Date?
    var lastError: String?

    init(_ message: OutboxMessageModel) throws {
        id = try message.requireID()
        ticket = message.$ticket.id
        kind = message.kind
        recipients = message.recipientList
        subject = message.subject
        createdAt = message.createdAt
        attempts = message.attempts ?? 0
        nextAttemptAt = message.sentAt == nil && message.failedAt == nil ? message.nextAttemptAt : nil
        sentAt = message.sentAt
        failedAt = message.failedAt
        lastError = message.lastError
    }
}
