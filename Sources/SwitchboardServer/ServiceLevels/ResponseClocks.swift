import Fluent
import Foundation
import SwitchboardCore

/// Response monitoring (DESIGN.md §4): each unit's response clock on a ticket, its warning and
/// reminder timers, the violations, and the supporter activity that the stale-ticket process
/// and the sweep read. All of it runs inside the caller's change.
enum ResponseClocks {
    /// The level a unit refers to; an unknown name (removed since) is best effort.
    static func serviceLevel(of unit: SupportUnitModel, on database: any Database) async throws -> ServiceLevel {
        serviceLevel(of: unit, found: try await ServiceLevelModel.query(on: database).filter(\.$name == unit.serviceLevel).first()?.level)
    }

    /// The level found under the unit's level name, or best effort when there is none.
    static func serviceLevel(of unit: SupportUnitModel, found: ServiceLevel?) -> ServiceLevel {
        found ?? ServiceLevel(name: unit.serviceLevel, targets: [:])
    }

    /// A clock about to start: the core's instants and the level they come from.
    struct PlannedClock {
        let clock: ResponseClock
        let levelName: String

        /// Copies the clock's instants to the ticket (the caller writes the ticket).
        func apply(to ticket: TicketModel) {
            ticket.responseStartedAt = clock.startedAt
            ticket.responseHalfwayAt = clock.halfwayAt
            ticket.responseWarningAt = clock.warningAt
            ticket.responseDueAt = clock.dueAt
            ticket.respondedAt = nil
        }
    }

    /// The clock a ticket of `priority` gets in `unit` at the change's instant; nil for a
    /// best-effort unit (no target).
    static func plan(priority: TicketPriority, in unit: SupportUnitModel, in context: ChangeContext) async throws -> PlannedClock? {
        let catalog = try await context.catalog()
        let level = catalog.serviceLevel(of: unit)
        let calendar = catalog.businessCalendar(of: unit, near: context.now)
        return ResponseClock.start(
            at: context.now, priority: priority, level: level, calendar: calendar, warningPercent: context.rules.responseWarningPercent
        ).map { PlannedClock(clock: $0, levelName: level.name) }
    }

    /// Starts the response clock of the ticket's current unit, at `now`: ends the running one,
    /// copies the new one's instants to the ticket, records it and plans the warning and the
    /// reminder. A best-effort unit gets no clock.
    static func start(_ ticket: TicketModel, unit: SupportUnitModel, in context: ChangeContext) async throws {
        try await end(ticket, respondedAt: nil, in: context)
        guard let planned = try await plan(priority: ticket.priority, in: unit, in: context) else { return }
        planned.apply(to: ticket)
        try await ticket.save(on: context.database)
        try await record(planned, of: ticket, unit: unit, in: context)
    }

    /// Records a started clock whose instants the ticket already has, and plans its warning and
    /// reminder (a new ticket is written with its clock's instants: `createTicket`).
    static func record(_ planned: PlannedClock, of ticket: TicketModel, unit: SupportUnitModel, in context: ChangeContext) async throws {
        let database = context.database
        let ticketID = try ticket.requireID()
        let clock = planned.clock
        let record = ResponseClockModel()
        record.id = .randomV4()
        record.$ticket.id = ticketID
        record.$unit.id = try unit.requireID()
        record.unitName = unit.name
        record.priority = ticket.priority
        record.serviceLevel = planned.levelName
        record.targetSeconds = clock.targetSeconds
        record.startedAt = clock.startedAt
        record.dueAt = clock.dueAt
        try await record.create(on: database)
        try await [TimerModel(ticketID: ticketID, kind: .responseWarning, sequence: 0, dueAt: clock.warningAt, createdAt: context.now),
                   TimerModel(ticketID: ticketID, kind: .responseDue, sequence: 0, dueAt: clock.dueAt, createdAt: context.now)].create(on: database)
    }

    /// After a priority change, the running clock keeps its start and takes the target of the
    /// new priority (a priority without a target ends it).
    static func retarget(_ ticket: TicketModel, in context: ChangeContext) async throws {
        let database = context.database
        let now = context.now
        let ticketID = try ticket.requireID()
        guard ticket.status.isOpen, ticket.respondedAt == nil, let record = try await ResponseClockModel.query(on: database)
            .filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil).first() else { return }
        let unit = try await context.unit(of: ticket)
        let catalog = try await context.catalog()
        let level = catalog.serviceLevel(of: unit)
        let calendar = catalog.businessCalendar(of: unit, near: context.now)
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind ~~ TimerKind.responseTimers).delete()
        guard let clock = ResponseClock.start(
            at: record.startedAt, priority: ticket.priority, level: level, calendar: calendar, warningPercent: context.rules.responseWarningPercent)
        else {
            record.endedAt = now
            try await record.save(on: database)
            ticket.responseStartedAt = nil
            ticket.responseHalfwayAt = nil
            ticket.responseWarningAt = nil
            ticket.responseDueAt = nil
            try await ticket.save(on: database)
            return
        }
        record.priority = ticket.priority
        record.targetSeconds = clock.targetSeconds
        record.dueAt = clock.dueAt
        if now < clock.dueAt { record.violatedAt = nil }
        try await record.save(on: database)
        ticket.responseHalfwayAt = clock.halfwayAt
        ticket.responseWarningAt = clock.warningAt
        ticket.responseDueAt = clock.dueAt
        try await ticket.save(on: database)
        // Thresholds already passed are acted on at the next pass (the warning is not repeated
        // once the target itself has passed).
        if now < clock.dueAt {
            try await TimerModel(ticketID: ticketID, kind: .responseWarning, sequence: 0, dueAt: clock.warningAt, createdAt: now).create(on: database)
        }
        if record.violatedAt == nil {
            try await TimerModel(ticketID: ticketID, kind: .responseDue, sequence: 0, dueAt: clock.dueAt, createdAt: now).create(on: database)
        }
    }

    /// Stops the running clock, if any: answered by the unit when `respondedAt` is given,
    /// otherwise ended without an answer (the ticket left the unit's hands or closed). The
    /// ticket keeps its instants, so its colour stays as it was.
    static func end(_ ticket: TicketModel, respondedAt: Date?, in context: ChangeContext) async throws {
        let database = context.database
        let ticketID = try ticket.requireID()
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind ~~ TimerKind.responseTimers).delete()
        guard let clock = try await ResponseClockModel.query(on: database)
            .filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil).first() else { return }
        clock.endedAt = context.now
        if let respondedAt {
            clock.respondedAt = respondedAt
            if clock.violatedAt != nil {
                let unit = try await context.unit(clock.$unit)
                clock.lateSeconds = try await context.catalog().businessCalendar(of: unit, near: context.now).workingTime(from: clock.dueAt, to: respondedAt)
            }
            if ticket.responseStartedAt != nil && ticket.respondedAt == nil {
                ticket.respondedAt = respondedAt
                try await ticket.save(on: database)
            }
        }
        try await clock.save(on: database)
    }

    /// A change by `acting` on the ticket: if a member of its unit made it, the unit has
    /// answered; if a supporter made it, the stale-ticket clock starts again.
    static func supporterActed(on ticket: TicketModel, access: TicketAccess, countsAsResponse: Bool, in context: ChangeContext) async throws {
        let principal = context.acting.principal
        if countsAsResponse && SupporterReaction.isUnitResponse(by: principal, unitID: ticket.$supportUnit.id) && ticket.respondedAt == nil {
            try await end(ticket, respondedAt: context.now, in: context)
        }
        if SupporterReaction.isSupporterActivity(roles: TicketRole.roles(of: principal, on: access)) {
            ticket.supporterReactedAt = context.now
            try await ticket.save(on: context.database)
            try await StatusTimers.planStaleReminder(ticket, in: context)
        }
    }
}
