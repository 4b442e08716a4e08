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
            let rules = configuration.automation
            let publicURL = configuration.publicURL
            let count = try await write { database -> Int in
                let timers = try await Self.claimDueTimers(asOf: asOf, limit: batchSize, on: database)
                for timer in timers {
                    try await Self.act(on: timer, rules: rules, publicURL: publicURL, on: database)
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
    /// ticket moved on) is dropped without acting.
    static func act(on timer: TimerModel, rules: AutomationRules, publicURL: String, on database: any Database) async throws {
        let ticketID = timer.$ticket.id
        try await lockTicket(ticketID, on: database)
        guard let ticket = try await TicketModel.find(ticketID, on: database),
              AutomationRules.applies(timer.kind, to: ticket.status) else { return }
        let at = timer.dueAt
        let system = Acting.system
        switch timer.kind {
        case .waitingReminder:
            let submitter = try await ticket.$submitter.get(on: database)
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
                    to: [submitter.email], subject: "[Switchboard #\(ticketID)] Your reply is needed: \(ticket.subject)",
                    body: """
                        Hello \(submitter.displayName),

                        ticket #\(ticketID) "\(ticket.subject)" has been waiting for your reply for \(days) working days.
                        Please answer the question on the ticket; after \(rules.waitingUnsolvedAfterDays) working days without \
                        a reply it is set to unsolved.

                        \(publicURL)/tickets/\(ticketID)
                        """,
                    kind: "waiting-reminder", ticket: ticket, event: event, at: at, on: database)
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
        }
    }
}

/// Writes notifications for delivery, inside the caller's transaction.
enum Outbox {
    static func enqueue(
        to recipients: [String], subject: String, body: String, kind: String, ticket: TicketModel?, event: TicketEventModel?,
        at now: Date, on database: any Database
    ) async throws {
        let message = OutboxMessageModel()
        message.$ticket.id = ticket?.id
        message.$event.id = event?.id
        message.recipients = recipients.joined(separator: "\n")
        message.subject = subject
        message.body = body
        message.kind = kind
        message.createdAt = now
        try await message.create(on: database)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
