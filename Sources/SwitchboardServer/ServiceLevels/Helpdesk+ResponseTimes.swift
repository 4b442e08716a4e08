import Fluent
import Foundation
import SwitchboardCore

/// Response monitoring (DESIGN.md §4): each unit's response clock on a ticket, its warning and
/// reminder timers, the violations, and the supporter activity that the stale-ticket process
/// and the sweep read. All of it runs inside the caller's transaction.
extension Helpdesk {
    /// The level a unit refers to; an unknown name (removed since) is best effort.
    static func serviceLevel(of unit: SupportUnitModel, on database: any Database) async throws -> ServiceLevel {
        try await ServiceLevelModel.query(on: database).filter(\.$name == unit.serviceLevel).first()?.level
            ?? ServiceLevel(name: unit.serviceLevel, targets: [:])
    }

    /// Starts the response clock of the ticket's current unit, at `now`: copies its instants to
    /// the ticket, records the clock and plans the warning and the reminder. A best-effort unit
    /// gets no clock.
    static func startResponseClock(
        _ ticket: TicketModel, unit: SupportUnitModel, at now: Date, rules: AutomationRules, on database: any Database
    ) async throws {
        let ticketID = try ticket.requireID()
        try await endResponseClock(ticket, respondedAt: nil, at: now, on: database)
        let level = try await serviceLevel(of: unit, on: database)
        let calendar = try await businessCalendar(of: unit, on: database)
        guard let clock = ResponseClock.start(
            at: now, priority: ticket.priority, level: level, calendar: calendar, warningPercent: rules.responseWarningPercent)
        else { return }
        ticket.responseStartedAt = clock.startedAt
        ticket.responseHalfwayAt = clock.halfwayAt
        ticket.responseWarningAt = clock.warningAt
        ticket.responseDueAt = clock.dueAt
        ticket.respondedAt = nil
        try await ticket.save(on: database)
        let record = ResponseClockModel()
        record.$ticket.id = ticketID
        record.$unit.id = try unit.requireID()
        record.unitName = unit.name
        record.priority = ticket.priority
        record.serviceLevel = level.name
        record.targetSeconds = clock.targetSeconds
        record.startedAt = clock.startedAt
        record.dueAt = clock.dueAt
        try await record.create(on: database)
        try await TimerModel(ticketID: ticketID, kind: .responseWarning, sequence: 0, dueAt: clock.warningAt, createdAt: now).create(on: database)
        try await TimerModel(ticketID: ticketID, kind: .responseDue, sequence: 0, dueAt: clock.dueAt, createdAt: now).create(on: database)
    }

    /// After a priority change, the running clock keeps its start and takes the target of the
    /// new priority (a priority without a target ends it).
    static func retargetResponseClock(_ ticket: TicketModel, at now: Date, rules: AutomationRules, on database: any Database) async throws {
        let ticketID = try ticket.requireID()
        guard ticket.status.isOpen, ticket.respondedAt == nil, let record = try await ResponseClockModel.query(on: database)
            .filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil).first() else { return }
        let unit = try await ticket.$supportUnit.current(on: database)
        let level = try await serviceLevel(of: unit, on: database)
        let calendar = try await businessCalendar(of: unit, on: database)
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind ~~ TimerKind.responseTimers).delete()
        guard let clock = ResponseClock.start(
            at: record.startedAt, priority: ticket.priority, level: level, calendar: calendar, warningPercent: rules.responseWarningPercent)
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
    static func endResponseClock(_ ticket: TicketModel, respondedAt: Date?, at now: Date, on database: any Database) async throws {
        let ticketID = try ticket.requireID()
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind ~~ TimerKind.responseTimers).delete()
        guard let clock = try await ResponseClockModel.query(on: database)
            .filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil).first() else { return }
        clock.endedAt = now
        if let respondedAt {
            clock.respondedAt = respondedAt
            if clock.violatedAt != nil {
                let unit = try await clock.$unit.current(on: database)
                clock.lateSeconds = try await businessCalendar(of: unit, on: database).workingTime(from: clock.dueAt, to: respondedAt)
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
    static func supporterActed(
        on ticket: TicketModel, access: TicketAccess, by acting: Acting, at now: Date, countsAsResponse: Bool,
        rules: AutomationRules, on database: any Database
    ) async throws {
        let actor = acting.actor
        if countsAsResponse && SupporterReaction.isUnitResponse(by: actor, unitID: ticket.$supportUnit.id) && ticket.respondedAt == nil {
            try await endResponseClock(ticket, respondedAt: now, at: now, on: database)
        }
        if SupporterReaction.isSupporterActivity(roles: TicketRole.roles(of: actor, on: access)) {
            ticket.supporterReactedAt = now
            try await ticket.save(on: database)
            try await planStaleReminder(ticket, rules: rules, on: database)
        }
    }

    /// Plans (again) the reminder to the unit for a ticket that nobody touches, counted from
    /// `staleSince`; only tickets that are the supporters' to move get one.
    static func planStaleReminder(_ ticket: TicketModel, rules: AutomationRules, on database: any Database) async throws {
        let ticketID = try ticket.requireID()
        try await TimerModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$kind == .staleReminder).delete()
        guard AutomationRules.isActive(ticket.status) else { return }
        let unit = try await ticket.$supportUnit.current(on: database)
        let calendar = try await businessCalendar(of: unit, on: database)
        guard let due = calendar.deadline(from: ticket.staleSince, plus: rules.staleReminderDays * calendar.workingDayLength) else { return }
        try await TimerModel(ticketID: ticketID, kind: .staleReminder, sequence: 0, dueAt: due, createdAt: ticket.staleSince).create(on: database)
    }

    /// Records a ticket's time in `waiting-for-reply` and `on-hold`.
    static func recordPause(_ ticket: TicketModel, enteringStatus status: TicketStatus, at now: Date, on database: any Database) async throws {
        let ticketID = try ticket.requireID()
        try await StatusPauseModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).update()
        guard status == .waitingForReply || status == .onHold else { return }
        let pause = StatusPauseModel()
        pause.$ticket.id = ticketID
        pause.status = status
        pause.startedAt = now
        try await pause.create(on: database)
    }

    /// A very urgent or top-priority ticket alerts its unit at once (DESIGN.md §5).
    static func alertHighPriority(
        _ ticket: TicketModel, unit: SupportUnitModel, at now: Date, settings: SwitchboardConfiguration, on database: any Database
    ) async throws {
        guard ticket.priority.isHigh, ticket.status.isOpen else { return }
        let ticketID = try ticket.requireID()
        let event = try await EventRecorder.record(
            TicketEventRecord(kind: .reminderSent, visibility: .internal, changes: [
                FieldChange(field: "recipient", before: nil, after: unit.name),
            ], note: "High-priority alert: \(unit.name) needs to name a responsible person\(unit.tier == .firstLine ? "" : " and set an ETA").",
               rule: "high-priority"),
            on: ticket, by: .system, at: now, database: database)
        let due = ticket.responseDueAt.map { " Response due by \(ISO8601.format($0))." } ?? ""
        try await Outbox.enqueue(
            to: [unit.mailingList], subject: "\(settings.subjectTag(ticketID)) \(ticket.priority.rawValue) ticket for \(unit.name): \(ticket.subject)",
            body: """
                Ticket #\(ticketID) "\(ticket.subject)" is \(ticket.priority.rawValue) and assigned to \(unit.name).\(due)
                Name a responsible person for it now\(unit.tier == .secondLine || unit.tier == .thirdLine ? " and set an ETA" : "").

                \(settings.publicURL)/tickets/\(ticketID)
                """,
            kind: "high-priority-alert", ticket: ticket, event: event, at: now, settings: settings, on: database)
    }
}

extension SwitchboardConfiguration {
    /// "[Switchboard #123]": identifies the ticket in a mail's subject.
    func subjectTag(_ ticketID: Int) -> String { "[\(subjectPrefix) #\(ticketID)]" }
}
