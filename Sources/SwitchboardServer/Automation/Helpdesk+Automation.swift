import Fluent
import Foundation
import SQLKit
import SwitchboardCore

extension Helpdesk {
    /// One pass of the automated processes: takes the timers due at `asOf`, in batches, and acts
    /// on each in its own transaction with the timer's removal, so a timer is acted on once
    /// even when several instances run (PostgreSQL: FOR UPDATE SKIP LOCKED). The cost grows
    /// with the number of due timers, not with the number of tickets. Returns how many timers
    /// were handled.
    @discardableResult
    public func runAutomation(asOf: Date, batchSize: Int = 200) async throws -> Int {
        var handled = 0
        while true {
            let settings = configuration
            let count = try await write { database -> Int in
                let timers = try await Self.claimDueTimers(asOf: asOf, limit: batchSize, on: database)
                for timer in timers {
                    try await Self.act(on: timer, asOf: asOf, settings: settings, on: database)
                    try await timer.delete(on: database)
                }
                return timers.count
            }
            handled += count
            // Acting may plan new timers that are already due (unsolved, then closed): go on
            // until a batch comes back empty.
            if count == 0 { return handled }
        }
    }

    /// The earliest due timers, locked for this transaction on PostgreSQL (others skip them).
    static func claimDueTimers(asOf: Date, limit: Int, on database: any Database) async throws -> [TimerModel] {
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            struct Row: Decodable { var id: UUID }
            let ids = try await sql.raw("""
                SELECT id FROM timers WHERE due_at <= \(bind: asOf) ORDER BY due_at LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED
                """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return [] }
            return try await TimerModel.query(on: database).filter(\.$id ~~ ids).sort(\.$dueAt).all()
        }
        return try await TimerModel.query(on: database).filter(\.$dueAt <= asOf).sort(\.$dueAt).limit(limit).all()
    }

    /// Carries out one due timer, dated at its due instant. A timer whose reason has passed (the
    /// ticket moved on) is dropped without acting. `asOf` is the pass's instant: after a long
    /// pause, repeating reminders resume from it rather than firing once per missed period.
    static func act(on timer: TimerModel, asOf: Date, settings: SwitchboardConfiguration, on database: any Database) async throws {
        let rules = settings.automation
        let publicURL = settings.publicURL
        let ticketID = timer.$ticket.id
        try await lockTicket(ticketID, on: database)
        guard let ticket = try await TicketModel.find(ticketID, on: database),
              AutomationRules.applies(timer.kind, to: ticket.status) else { return }
        let at = timer.dueAt
        let system = Acting.system
        switch timer.kind {
        case .waitingReminder:
            let submitter = try await ticket.$submitter.current(on: database)
            let days = rules.waitingReminderDays[safe: timer.sequence - 1] ?? 0
            let event = try await EventRecorder.record(
                TicketEventRecord(kind: .reminderSent, changes: [
                    FieldChange(field: "recipient", before: nil, after: submitter.displayName),
                    FieldChange(field: "reminder", before: nil, after: String(timer.sequence)),
                ], note: "Reminder \(timer.sequence): the ticket has been waiting for your reply for \(days) working days.",
                   rule: timer.kind.rule),
                on: ticket, by: system, at: at, database: database)
            if ticket.notificationMode != .never {
                try await Outbox.enqueue(
                    to: [submitter.email], subject: "\(settings.subjectTag(ticketID)) Your reply is needed: \(ticket.subject)",
                    body: """
                        Hello \(submitter.displayName),

                        ticket #\(ticketID) "\(ticket.subject)" has been waiting for your reply for \(days) working days.
                        Please answer the question on the ticket; after \(rules.waitingUnsolvedAfterDays) working days without \
                        a reply it is set to unsolved.

                        \(publicURL)/tickets/\(ticketID)
                        """,
                    kind: "waiting-reminder", ticket: ticket, event: event,
                    replyTo: Outbox.replyAddress(ticketID: ticketID, recipient: submitter.email, settings: settings),
                    at: at, settings: settings, on: database)
            }
        case .waitingUnsolved:
            try await setStatus(
                ticket, to: .unsolved,
                note: "There was no reply from the submitter for \(rules.waitingUnsolvedAfterDays) working days. Reopen the ticket to continue.",
                rule: timer.kind.rule, by: system, at: at, rules: rules, on: database)
        case .autoClose:
            try await setStatus(
                ticket, to: .closed, note: "Closed automatically \(rules.closeAfterDays) working days after it was \(ticket.status.rawValue).",
                rule: timer.kind.rule, by: system, at: at, rules: rules, on: database)
        case .responseWarning, .responseDue:
            guard ticket.respondedAt == nil else { return }
            // A pass that comes after the target itself sends the reminder only, not a late warning.
            if timer.kind == .responseWarning, let due = ticket.responseDueAt, asOf >= due { return }
            try await remindOfResponse(ticket, overdue: timer.kind == .responseDue, at: at, settings: settings, on: database)
        case .staleReminder:
            try await remindOfStaleTicket(ticket, at: at, asOf: asOf, settings: settings, on: database)
        }
    }

    /// At the warning share of the target: a warning to the unit. At the target: a reminder to
    /// the unit, first line and ticket monitoring, and a recorded violation.
    static func remindOfResponse(
        _ ticket: TicketModel, overdue: Bool, at: Date, settings: SwitchboardConfiguration, on database: any Database
    ) async throws {
        let ticketID = try ticket.requireID()
        let unit = try await ticket.$supportUnit.current(on: database)
        var recipients = [unit.mailingList]
        var names = [unit.name]
        if overdue {
            if let firstLine = try await firstLineUnit(configuredName: settings.firstLineUnitName, on: database), firstLine.id != unit.id {
                recipients.append(firstLine.mailingList)
                names.append(firstLine.name)
            }
            if let monitoring = settings.monitoringAddress {
                recipients.append(monitoring)
                names.append("ticket monitoring")
            }
            if let clock = try await ResponseClockModel.query(on: database)
                .filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil).first(), clock.violatedAt == nil {
                clock.violatedAt = at
                try await clock.save(on: database)
            }
        }
        let due = ticket.responseDueAt.map(ISO8601.format) ?? "?"
        let note = overdue
            ? "\(unit.name) has not reacted within its response target (due \(due)); the violation is recorded."
            : "\(rules(settings).responseWarningPercent)% of \(unit.name)'s response target has passed; a reaction is due by \(due)."
        let event = try await EventRecorder.record(
            TicketEventRecord(kind: .reminderSent, visibility: .internal, changes: [
                FieldChange(field: "recipient", before: nil, after: names.joined(separator: ", ")),
                FieldChange(field: "stage", before: nil, after: overdue ? "overdue" : "warning"),
            ], note: note, rule: TimerKind.responseDue.rule),
            on: ticket, by: .system, at: at, database: database)
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
            kind: overdue ? "response-overdue" : "response-warning", ticket: ticket, event: event, at: at, settings: settings, on: database)
    }

    private static func rules(_ settings: SwitchboardConfiguration) -> AutomationRules { settings.automation }

    /// A ticket nobody has touched for the stale-reminder period: a reminder to its unit, and
    /// the next one as long again later.
    static func remindOfStaleTicket(
        _ ticket: TicketModel, at: Date, asOf: Date, settings: SwitchboardConfiguration, on database: any Database
    ) async throws {
        let ticketID = try ticket.requireID()
        let unit = try await ticket.$supportUnit.current(on: database)
        let days = settings.automation.staleReminderDays
        let event = try await EventRecorder.record(
            TicketEventRecord(kind: .reminderSent, visibility: .internal, changes: [
                FieldChange(field: "recipient", before: nil, after: unit.name),
            ], note: "No supporter has reacted to this ticket for \(days) working days.", rule: TimerKind.staleReminder.rule),
            on: ticket, by: .system, at: at, database: database)
        try await Outbox.enqueue(
            to: [unit.mailingList], subject: "\(settings.subjectTag(ticketID)) No reaction for \(days) working days: \(ticket.subject)",
            body: """
                Ticket #\(ticketID) "\(ticket.subject)" (\(ticket.priority.rawValue), \(ticket.status.rawValue)) has had no reaction \
                from a supporter for \(days) working days.

                \(settings.publicURL)/tickets/\(ticketID)
                """,
            kind: "stale-reminder", ticket: ticket, event: event, at: at, settings: settings, on: database)
        let calendar = try await businessCalendar(of: unit, on: database)
        if let next = calendar.deadline(from: max(at, asOf), plus: days * calendar.workingDayLength) {
            try await TimerModel(ticketID: ticketID, kind: .staleReminder, sequence: 0, dueAt: next, createdAt: at).create(on: database)
        }
    }
}

/// Writes notifications for delivery, inside the caller's transaction. Every message gets the
/// headers that thread a ticket's mails and mark them as automatic.
enum Outbox {
    @discardableResult
    static func enqueue(
        to recipients: [String], subject: String, body: String, html: String? = nil, kind: String, ticket: TicketModel?,
        event: TicketEventModel?, replyTo: String? = nil, at now: Date, settings: SwitchboardConfiguration, on database: any Database
    ) async throws -> OutboxMessageModel? {
        guard !recipients.isEmpty else { return nil }
        let message = OutboxMessageModel()
        message.id = UUID()
        message.$ticket.id = ticket?.id
        message.$event.id = event?.id
        message.recipients = recipients.joined(separator: "\n")
        message.subject = subject
        message.body = body
        message.htmlBody = html
        message.kind = kind
        message.createdAt = now
        message.attempts = 0
        message.nextAttemptAt = now
        let domain = settings.mailDomain
        var headers: [(name: String, value: String)] = [("Message-ID", "<switchboard.\(message.id!.uuidString.lowercased())@\(domain)>")]
        if let ticketID = ticket?.id {
            // Every mail of a ticket refers to the same root, so clients thread them together
            // and the mail gate finds the ticket a reply belongs to.
            let root = "<switchboard.ticket-\(ticketID)@\(domain)>"
            headers += [("In-Reply-To", root), ("References", root), ("X-Switchboard-Ticket", String(ticketID))]
        }
        if let replyTo { headers.append(("Reply-To", replyTo)) }
        headers.append(("Auto-Submitted", "auto-generated"))
        message.headers = headers
        try await message.create(on: database)
        return message
    }
}

extension Outbox {
    /// The reply address of one person for a ticket (see `ReplyAddressSigner`), or nil when
    /// the installation has no key yet.
    static func replyAddress(ticketID: Int, recipient: String, settings: SwitchboardConfiguration) -> String? {
        ReplyAddressSigner(base64Key: settings.replyAddressKey)?
            .replyAddress(base: bareAddress(settings.sender), ticketID: ticketID, recipient: recipient)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
