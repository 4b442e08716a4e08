import Fluent
import Foundation
import SwitchboardCore

/// Inside the change that records an event: a delivery for every active endpoint that asked for
/// it, written in the same transaction (so an event is delivered if and only if it happened).
/// The body is the event as `GET /api/v1/tickets/{id}/events` shows it.
enum WebhookDispatch {
    static func enqueue(_ event: TicketEventModel, on ticket: TicketModel, comment: CommentModel?, attachment: AttachmentModel?,
                        in context: ChangeContext) async throws {
        let database = context.database
        let hooks = try await activeEndpoints(in: context)
        guard !hooks.isEmpty else { return }
        let unitID = ticket.$supportUnit.id
        var body: String?
        for hook in hooks {
            var readsInternal = false
            if event.visibility == .internal && hook.includeInternal {
                readsInternal = try await registrantReadsInternal(hook, unitID: unitID, on: database)
            }
            guard hook.subscription.matches(kind: event.kind, visibility: event.visibility, ticketUnitID: unitID,
                                            registrantReadsInternal: readsInternal) else { continue }
            if body == nil { body = try payload(event, comment: comment, attachment: attachment) }
            let delivery = WebhookDeliveryModel()
            delivery.id = .randomV4()
            delivery.$webhook.id = try hook.requireID()
            delivery.eventID = event.id
            delivery.eventKind = event.kind.rawValue
            delivery.ticketID = event.$ticket.id
            delivery.payload = body!
            delivery.state = .pending
            delivery.attempts = 0
            delivery.nextAttemptAt = context.now
            delivery.createdAt = context.now
            try await delivery.create(on: database)
        }
    }

    /// The endpoints events may go to, read once per change.
    static func activeEndpoints(in context: ChangeContext) async throws -> [WebhookModel] {
        try await context.catalog().activeWebhooks
    }

    /// Whether any endpoint is active (a batch of events asks once instead of once per event).
    static func anyActive(in context: ChangeContext) async throws -> Bool {
        try await !activeEndpoints(in: context).isEmpty
    }

    /// The registrant is still an administrator or a member of the ticket's unit.
    static func registrantReadsInternal(_ hook: WebhookModel, unitID: UUID, on database: any Database) async throws -> Bool {
        guard let user = try await UserModel.find(hook.registeredBy, on: database) else { return false }
        if user.isAdmin { return true }
        return try await MembershipModel.query(on: database).filter(\.$user.$id == hook.registeredBy).filter(\.$unit.$id == unitID).first() != nil
    }

    static func payload(_ event: TicketEventModel, comment: CommentModel?, attachment: AttachmentModel?) throws -> String {
        // A mailed reply's quote goes where the comment goes only when it is as public.
        let quoted = comment?.quotedVisibility == .internal && event.visibility == .public ? nil : comment?.quoted
        let entry = TicketHistoryEntry(event: event, commentBody: comment?.body, commentQuoted: quoted)
        let names = attachment.flatMap { file in file.id.map { [$0: file.filename] } } ?? [:]
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(EventResponse(entry, attachmentNames: names)), as: UTF8.self)
    }
}
