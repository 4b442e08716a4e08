import Fluent
import Foundation
import SwitchboardCore

/// The timers a status brings with it (DESIGN.md §5): the waiting-for-reply reminders and the
/// unsolved step, the automatic close, and the stale-ticket reminder to the unit. Planned in
/// the unit's calendar whenever the status changes; `DueTimers` carries them out.
enum StatusTimers {
    /// Cancels the ticket's pending status timers (the stale reminder among them) and plans
    /// those of `status`: one delete, and one insert for all the new timers.
    /// A ticket just filed (`isNew`) has no timers to remove.
    static func plan(_ ticket: TicketModel, enteringStatus status: TicketStatus, isNew: Bool = false, in context: ChangeContext) async throws {
        let id = try ticket.requireID()
        let database = context.database
        if !isNew {
            try await TimerModel.query(on: database).filter(\.$ticket.$id == id).filter(\.$kind ~~ TimerKind.statusTimers).delete()
        }
        // Nothing more to plan for a ticket that ended, or is on hold.
        guard AutomationRules.isActive(status) || !context.rules.timers(enteringStatus: status, workingDayLength: 1).isEmpty else { return }
        let unit = try await context.unit(of: ticket)
        let calendar = try await context.catalog().businessCalendar(of: unit, near: context.now)
        var timers = [try staleReminder(ticket, unit: unit, calendar: calendar, in: context)].compactMap { $0 }
        for planned in context.rules.timers(enteringStatus: status, workingDayLength: calendar.workingDayLength) {
            guard let due = calendar.deadline(from: context.now, plus: planned.after) else { continue }
            timers.append(TimerModel(ticketID: id, kind: planned.kind, sequence: planned.sequence, dueAt: due, createdAt: context.now))
        }
        if !timers.isEmpty { try await timers.create(on: database) }
    }

    /// Plans (again) the reminder to the unit for a ticket that nobody touches, counted from
    /// `staleSince`; only tickets that are the supporters' to move get one.
    static func planStaleReminder(_ ticket: TicketModel, in context: ChangeContext) async throws {
        let ticketID = try ticket.requireID()
        let database = context.database
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind == .staleReminder).delete()
        guard AutomationRules.isActive(ticket.status) else { return }
        let unit = try await context.unit(of: ticket)
        let calendar = try await context.catalog().businessCalendar(of: unit, near: context.now)
        try await staleReminder(ticket, unit: unit, calendar: calendar, in: context)?.create(on: database)
    }

    /// The stale reminder the ticket gets now, if any (a fixed ticket in the release unit waits
    /// for its release instead; the sweep flags a long wait).
    private static func staleReminder(_ ticket: TicketModel, unit: SupportUnitModel, calendar: BusinessCalendar,
                                      in context: ChangeContext) throws -> TimerModel? {
        guard AutomationRules.isActive(ticket.status), unit.tier != .release,
              let due = calendar.deadline(from: ticket.staleSince, plus: context.rules.staleReminderDays * calendar.workingDayLength)
        else { return nil }
        return TimerModel(ticketID: try ticket.requireID(), kind: .staleReminder, sequence: 0, dueAt: due, createdAt: ticket.staleSince)
    }
}
