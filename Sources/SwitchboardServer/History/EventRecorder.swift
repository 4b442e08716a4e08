import Fluent
import Foundation
import SwitchboardCore

/// Appends events to a ticket's history. Called inside the transaction that also saves the
/// ticket row, so the projection and its history never disagree.
enum EventRecorder {
    @discardableResult
    static func record(
        _ record: TicketEventRecord,
        on ticket: TicketModel,
        by acting: Acting,
        at instant: Date,
        comment: CommentModel? = nil,
        attachment: AttachmentModel? = nil,
        database: any Database
    ) async throws -> TicketEventModel {
        let event = TicketEventModel(
            ticketID: try ticket.requireID(), record: record, actorID: acting.actor.userID, actorName: acting.name, at: instant)
        event.$comment.id = comment?.id
        event.$attachment.id = attachment?.id
        try await event.create(on: database)
        if record.visibility == .public && ticket.publicUpdatedAt != instant {
            ticket.publicUpdatedAt = instant
            try await ticket.save(on: database)
        }
        if let settings = Notifications.settings {
            try await Notifications.enqueue(for: event, on: ticket, actor: acting.actor, comment: comment, settings: settings, database: database)
        }
        return event
    }
}
