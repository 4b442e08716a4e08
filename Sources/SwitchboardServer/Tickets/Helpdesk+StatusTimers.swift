import Fluent
import Foundation
import SwitchboardCore

extension Helpdesk {
    /// Every status change passes here, inside its transaction: the ticket's pending status
    /// timers are cancelled and the new status's timers planned in its unit's calendar; the
    /// waiting and on-hold intervals are recorded; a ticket that ends stops its response clock.
    static func statusChanged(
        _ ticket: TicketModel, to status: TicketStatus, at now: Date, rules: AutomationRules, on database: any Database
    ) async throws {
        let id = try ticket.requireID()
        try await TimerModel.query(on: database).filter(\.$ticket.$id == id).filter(\.$kind ~~ TimerKind.statusTimers).delete()
        ticket.statusSince = now
        try await ticket.save(on: database)
        try await recordPause(ticket, enteringStatus: status, at: now, on: database)
        if status.isTerminal {
            try await endResponseClock(ticket, respondedAt: nil, at: now, on: database)
        } else if status == .reopened {
            // The unit owes the reopened ticket a new first reaction.
            try await startResponseClock(ticket, unit: try await ticket.$supportUnit.current(on: database), at: now, rules: rules, on: database)
        }
        try await planStaleReminder(ticket, rules: rules, on: database)
        let unit = try await ticket.$supportUnit.current(on: database)
        let calendar = try await businessCalendar(of: unit, on: database)
        for planned in rules.timers(enteringStatus: status, workingDayLength: calendar.workingDayLength) {
            guard let due = calendar.deadline(from: now, plus: planned.after) else { continue }
            try await TimerModel(ticketID: id, kind: planned.kind, sequence: planned.sequence, dueAt: due, createdAt: now).create(on: database)
        }
    }

    /// Sets a status, records the event, plans the status's timers and moves linked tickets,
    /// in the caller's transaction.
    static func setStatus(
        _ ticket: TicketModel, to status: TicketStatus, note: String?, rule: String? = nil, by acting: Acting, at now: Date,
        rules: AutomationRules, depth: Int = 0, on database: any Database
    ) async throws {
        let previous = ticket.status
        ticket.status = status
        try await touch(ticket, at: now, on: database)
        try await EventRecorder.record(
            TicketEventRecord(kind: .statusChanged, changes: [FieldChange(field: "status", before: previous.rawValue, after: status.rawValue)],
                              note: note, rule: rule),
            on: ticket, by: acting, at: now, database: database)
        try await statusChanged(ticket, to: status, at: now, rules: rules, on: database)
        try await propagate(from: ticket, at: now, rules: rules, depth: depth, on: database)
    }
}
