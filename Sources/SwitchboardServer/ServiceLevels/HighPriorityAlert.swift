import Fluent
import Foundation
import SwitchboardCore

/// A very urgent or top-priority ticket alerts its unit at once (DESIGN.md §5).
enum HighPriorityAlert {
    static func send(_ ticket: TicketModel, unit: SupportUnitModel, in context: ChangeContext) async throws {
        let settings = context.configuration
        guard ticket.priority.isHigh, ticket.status.isOpen else { return }
        let ticketID = try ticket.requireID()
        let event = try await EventRecorder.record(
            TicketEventRecord(kind: .reminderSent, visibility: .internal, changes: [
                FieldChange(field: "recipient", before: nil, after: unit.name),
            ], note: "High-priority alert: \(unit.name) needs to name a responsible person\(unit.tier == .firstLine ? "" : " and set an ETA").",
               rule: "high-priority"),
            on: ticket, in: context.by(.system))
        let due = ticket.responseDueAt.map { " Response due by \(ISO8601.format($0))." } ?? ""
        try await Outbox.enqueue(
            to: [unit.mailingList], subject: "\(settings.subjectTag(ticketID)) \(ticket.priority.rawValue) ticket for \(unit.name): \(ticket.subject)",
            body: """
                Ticket #\(ticketID) "\(ticket.subject)" is \(ticket.priority.rawValue) and assigned to \(unit.name).\(due)
                Name a responsible person for it now\(unit.tier == .secondLine || unit.tier == .thirdLine ? " and set an ETA" : "").

                \(settings.publicURL)/tickets/\(ticketID)
                """,
            kind: "high-priority-alert", ticket: ticket, event: event, in: context)
    }
}
