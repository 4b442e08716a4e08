import Fluent
import Foundation
import SwitchboardCore

/// The timers a status brings with it (DESIGN.md §5): the waiting-for-reply reminders and the
/// unsolved step, the automatic close, and the stale-ticket reminder to the unit. Planned in
/// the unit's calendar whenever the status changes; `DueTimers` carries them out.
enum StatusTimers {
    /// Cancels the ticket's pending status timers and plans those of `status`.
    static func plan(_ ticket: TicketModel, enteringStatus status: TicketStatus, in context: ChangeContext) async throws {
        let id = try ticket.requireID()
        let database = context.database
        guard AutomationRules.isActive(status) || !context.rules.timers(enteringStatus: status, workingDayLength: 1).isEmpty else {
            // Nothing to plan (a ticket that ended, or on hold): its status timers and stale reminder go in one statement.
            try await TimerModel.query(on: database).filter(\.$ticket.$id == id)
                .filter(\.$kind ~~ TimerKind.statusTimers).delete()
            return
        }
        try await TimerModel.query(on: database).filter(\.$ticket.$id == id).filter(\.$kind ~~ TimerKind.statusTimers).delete()
        try await planStaleReminder(ticket, in: context)
        let unit = try await ticket.$supportUnit.current(on: database)
        let calendar = try await CalendarOperations.businessCalendar(of: unit, on: database)
        for planned in context.rules.timers(enteringStatus: status, workingDayLength: calendar.workingDayLength) {
            guard let due = calendar.deadline(from: context.now, plus: planned.after) else { continue }
            try await TimerModel(ticketID: id, kind: planned.kind, sequence: planned.sequence, dueAt: due, createdAt: context.now).create(on: database)
        }
    }

    /// Plans (again) the reminder to the unit for a ticket that nobody touches, counted from
    /// `staleSince`; only tickets that are the supporters' to move get one.
    static func planStaleReminder(_ ticket: TicketModel, in context: ChangeContext) async throws {
        let ticketID = try ticket.requireID()
        let database = context.database
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind == .staleReminder).delete()
        guard AutomationRules.isActive(ticket.status) else { return }
        let unit = try await ticket.$supportUnit.current(on: database)
        // A fixed ticket in the release unit waits for its release; the sweep flags a long wait.
        if unit.tier == .release { return }
        let calendar = try await CalendarOperations.businessCalendar(of: unit, on: database)
        guard let due = calendar.deadline(from: ticket.staleSince, plus: context.rules.staleReminderDays * calendar.workingDayLength) else { return }
        try await TimerModel(ticketID: ticketID, kind: .staleReminder, sequence: 0, dueAt: due, createdAt: ticket.staleSince).create(on: database)
    }
}
