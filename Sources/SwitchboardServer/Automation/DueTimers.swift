import Fluent
import Foundation
import SwitchboardCore

/// Carries out one due timer, inside the automation pass's change, as the system and dated at
/// the timer's due instant.
enum DueTimers {
    /// Carries out one due timer, dated at its due instant. A timer whose reason has passed (the
    /// ticket moved on) is dropped without acting. `asOf` is the pass's instant: after a long
    /// pause, repeating reminders resume from it rather than firing once per missed period.
    static func act(on timer: TimerModel, asOf: Date, in context: ChangeContext) async throws {
        let rules = context.rules
        let ticketID = timer.$ticket.id
        try await TicketLookup.lock(ticketID, on: context.database)
        guard let ticket = try await TicketModel.find(ticketID, on: context.database),
              AutomationRules.applies(timer.kind, to: ticket.status) else { return }
        switch timer.kind {
        case .waitingReminder:
            try await Reminders.waitingForReply(ticket, sequence: timer.sequence, in: context)
        case .waitingUnsolved:
            try await TicketLifecycle.setStatus(
                ticket, to: .unsolved,
                note: "There was no reply from the submitter for \(rules.waitingUnsolvedAfterDays) working days. Reopen the ticket to continue.",
                rule: timer.kind.rule, in: context)
        case .autoClose:
            try await TicketLifecycle.setStatus(
                ticket, to: .closed, note: "Closed automatically \(rules.closeAfterDays) working days after it was \(ticket.status.rawValue).",
                rule: timer.kind.rule, in: context)
        case .responseWarning, .responseDue:
            guard ticket.respondedAt == nil else { return }
            // A pass that comes after the target itself sends the reminder only, not a late warning.
            if timer.kind == .responseWarning, let due = ticket.responseDueAt, asOf >= due { return }
            try await Reminders.response(ticket, overdue: timer.kind == .responseDue, in: context)
        case .staleReminder:
            try await Reminders.staleTicket(ticket, asOf: asOf, in: context)
        }
    }
}
