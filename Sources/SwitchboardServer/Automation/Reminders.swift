import Fluent
import Foundation
import SwitchboardCore

/// The reminders the automated processes send, each recorded as an event on the ticket and
/// mailed to the people it is for: to a submitter whose reply is awaited, to a unit whose
/// response is due or overdue, and to a unit whose ticket nobody touches.
enum Reminders {
    /// A reminder to the submitter of a ticket that waits for their reply (DESIGN.md §5): the
    /// `sequence`-th of the configured ones, with the unsolved step still ahead.
    static func waitingForReply(_ ticket: TicketModel, sequence: Int, in context: ChangeContext) async throws {
        let submitter = try await ticket.$submitter.current(on: context.database)
        let reminder = try WaitingReminder(ticket: ticket, submitter: submitter, sequence: sequence, in: context)
        let event = try await EventRecorder.record(reminder.record, on: ticket, in: context)
        if let mail = reminder.mail(event: event, in: context) { try await mail.create(on: context.database) }
    }

    /// The event and the mail of one reminder to a waiting submitter (also written in bulk by
    /// `WaitingRemindersInBulk`).
    struct WaitingReminder {
        let ticket: TicketModel
        let submitter: UserModel
        let record: TicketEventRecord
        let days: Int

        init(ticket: TicketModel, submitter: UserModel, sequence: Int, in context: ChangeContext) throws {
            let rules = context.rules
            self.ticket = ticket
            self.submitter = submitter
            days = rules.waitingReminderDays.indices.contains(sequence - 1) ? rules.waitingReminderDays[sequence - 1] : 0
            record = TicketEventRecord(kind: .reminderSent, changes: [
                FieldChange(field: "recipient", before: nil, after: submitter.displayName),
                FieldChange(field: "reminder", before: nil, after: String(sequence)),
            ], note: "Reminder \(sequence): the ticket has been waiting for your reply for \(days) working days.",
               rule: TimerKind.waitingReminder.rule)
        }

        /// The mail to the submitter, unless they asked for none.
        func mail(event: TicketEventModel, in context: ChangeContext) -> OutboxMessageModel? {
            guard ticket.notificationMode != .never, let ticketID = ticket.id else { return nil }
            let settings = context.configuration
            return Outbox.message(
                to: [submitter.email], subject: "\(settings.subjectTag(ticketID)) Your reply is needed: \(ticket.subject)",
                body: """
                    Hello \(submitter.displayName),

                    ticket #\(ticketID) "\(ticket.subject)" has been waiting for your reply for \(days) working days.
                    Please answer the question on the ticket; after \(context.rules.waitingUnsolvedAfterDays) working days without \
                    a reply it is set to unsolved.

                    \(settings.publicURL)/tickets/\(ticketID)
                    """,
                kind: "waiting-reminder", ticket: ticket, event: event,
                replyTo: Outbox.replyAddress(ticketID: ticketID, recipient: submitter.email, settings: settings),
                in: context)
        }
    }

    /// At the warning share of the target: a warning to the unit. At the target: a reminder to
    /// the unit, first line and ticket monitoring, and a recorded violation.
    static func response(_ ticket: TicketModel, overdue: Bool, in context: ChangeContext) async throws {
        let database = context.database
        let settings = context.configuration
        let ticketID = try ticket.requireID()
        let unit = try await context.unit(of: ticket)
        var recipients = [unit.mailingList]
        var names = [unit.name]
        if overdue {
            if let firstLine = try await context.catalog().firstLineUnit(configuredName: settings.firstLineUnitName), firstLine.id != unit.id {
                recipients.append(firstLine.mailingList)
                names.append(firstLine.name)
            }
            if let monitoring = settings.monitoringAddress {
                recipients.append(monitoring)
                names.append("ticket monitoring")
            }
            if let clock = try await ResponseClockModel.query(on: database)
                .filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil).first(), clock.violatedAt == nil {
                clock.violatedAt = context.now
                try await clock.save(on: database)
            }
        }
        let due = ticket.responseDueAt.map(ISO8601.format) ?? "?"
        let note = overdue
            ? "\(unit.name) has not reacted within its response target (due \(due)); the violation is recorded."
            : "\(context.rules.responseWarningPercent)% of \(unit.name)'s response target has passed; a reaction is due by \(due)."
        let event = try await EventRecorder.record(
            TicketEventRecord(kind: .reminderSent, visibility: .internal, changes: [
                FieldChange(field: "recipient", before: nil, after: names.joined(separator: ", ")),
                FieldChange(field: "stage", before: nil, after: overdue ? "overdue" : "warning"),
            ], note: note, rule: TimerKind.responseDue.rule),
            on: ticket, in: context)
        try await Outbox.enqueue(
            to: recipients,
            subject: "\(settings.subjectTag(ticketID)) \(overdue ? "Response overdue" : "Response due soon") (\(unit.name)): \(ticket.subject)",
            body: """
                \(note)

                Ticket #\(ticketID) "\(ticket.subject)", \(ticket.priority.rawValue), \(ticket.status.rawValue).
                The response is the unit's first reaction: a comment or a status change by one of its members, or an
                assignment onward.

                \(settings.publicURL)/tickets/\(ticketID)
                """,
            kind: overdue ? "response-overdue" : "response-warning", ticket: ticket, event: event, in: context)
    }

    /// A ticket nobody has touched for the stale-reminder period: a reminder to its unit, and
    /// the next one as long again later.
    static func staleTicket(_ ticket: TicketModel, asOf: Date, in context: ChangeContext) async throws {
        let database = context.database
        let settings = context.configuration
        let at = context.now
        let ticketID = try ticket.requireID()
        let unit = try await context.unit(of: ticket)
        let days = settings.automation.staleReminderDays
        let event = try await EventRecorder.record(
            TicketEventRecord(kind: .reminderSent, visibility: .internal, changes: [
                FieldChange(field: "recipient", before: nil, after: unit.name),
            ], note: "No supporter has reacted to this ticket for \(days) working days.", rule: TimerKind.staleReminder.rule),
            on: ticket, in: context)
        try await Outbox.enqueue(
            to: [unit.mailingList], subject: "\(settings.subjectTag(ticketID)) No reaction for \(days) working days: \(ticket.subject)",
            body: """
                Ticket #\(ticketID) "\(ticket.subject)" (\(ticket.priority.rawValue), \(ticket.status.rawValue)) has had no reaction \
                from a supporter for \(days) working days.

                \(settings.publicURL)/tickets/\(ticketID)
                """,
            kind: "stale-reminder", ticket: ticket, event: event, in: context)
        let calendar = try await context.catalog().businessCalendar(of: unit, near: context.now)
        if let next = calendar.deadline(from: max(at, asOf), plus: days * calendar.workingDayLength) {
            try await TimerModel(ticketID: ticketID, kind: .staleReminder, sequence: 0, dueAt: next, createdAt: at).create(on: database)
        }
    }
}
