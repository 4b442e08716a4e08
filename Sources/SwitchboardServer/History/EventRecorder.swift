import Fluent
import Foundation
import SwitchboardCore

/// Appends events to a ticket's history. Called inside the change that also saves the ticket
/// row, so the projection and its history never disagree, and every event's notifications are
/// decided in the same step: written to the outbox, or left out for the reason the change gives.
/// An event that files, assigns or changes the status of a ticket, or is a reaction to it,
/// also refreshes the ticket's rows in the report projection.
enum EventRecorder {
    @discardableResult
    static func record(
        _ record: TicketEventRecord, on ticket: TicketModel, comment: CommentModel? = nil, attachment: AttachmentModel? = nil,
        in context: ChangeContext
    ) async throws -> TicketEventModel {
        let database = context.database
        let event = TicketEventModel(
            ticketID: try ticket.requireID(), record: record, actorID: context.acting.principal.userID, actorName: context.acting.name,
            at: context.now)
        event.$comment.id = comment?.id
        event.$attachment.id = attachment?.id
        try await event.create(on: database)
        if record.visibility == .public && ticket.publicUpdatedAt != context.now {
            ticket.publicUpdatedAt = context.now
            try await ticket.save(on: database)
        }
        try await ReportProjection.follow(record, on: ticket, in: context)
        switch context.notifications {
        case .outbox: try await Notifications.enqueue(for: event, on: ticket, comment: comment, in: context)
        case .covered: break
        }
        try await WebhookDispatch.enqueue(event, on: ticket, comment: comment, attachment: attachment, in: context)
        return event
    }
}
