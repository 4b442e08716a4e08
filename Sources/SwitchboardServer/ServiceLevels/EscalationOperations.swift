import Fluent
import Foundation
import SwitchboardCore

/// The submitter's escalation of an overdue ticket (DESIGN.md §4), one step at a time.
public struct EscalationOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var escalation: EscalationOperations { EscalationOperations(helpdesk: self) }
}

extension EscalationOperations {
    /// What the escalation rules need to know about a ticket, measured in its unit's calendar.
    static func escalationFacts(
        _ ticket: TicketModel, roles: Set<TicketRole>, at now: Date, rules: AutomationRules, calendar: BusinessCalendar
    ) -> Escalation.Facts {
        let stale = AutomationRules.isActive(ticket.status)
            && calendar.workingTime(from: ticket.staleSince, to: now) >= rules.staleFlagDays * calendar.workingDayLength
        return Escalation.Facts(
            roles: roles, status: ticket.status, step: ticket.escalationStep ?? 0,
            overdue: ticket.isResponseOverdue(at: now) || stale,
            workingSecondsSinceLastStep: ticket.escalatedAt.map { calendar.workingTime(from: $0, to: now) })
    }

    /// Nil when `actor` may escalate the ticket context.now; otherwise why not. (The ticket page asks
    /// this to decide whether to show the button.)
    func escalationRefusal(_ ticket: TicketModel, access: TicketAccess, principal: Principal) async throws -> Escalation.Refusal? {
        let unit = try await ticket.$supportUnit.current(on: helpdesk.database)
        let calendar = try await CalendarOperations.businessCalendar(of: unit, on: helpdesk.database)
        let facts = Self.escalationFacts(ticket, roles: TicketRole.roles(of: principal, on: access), at: helpdesk.clock.now(),
                                         rules: helpdesk.configuration.automation, calendar: calendar)
        return Escalation.refusal(facts, rules: helpdesk.configuration.automation, workingDayLength: calendar.workingDayLength)
    }

    /// The submitter escalates an overdue ticket one step: the unit, then the unit and first
    /// line, then also ticket monitoring. A public event records it; each audience is mailed.
    @discardableResult
    public func escalate(ticketID: Int, reason: String?, by acting: Acting) async throws -> TicketModel {
        var errors = FieldErrors()
        let reasonText = TicketRules.validateText(reason, field: "reason", required: false, maxLength: TicketRules.justificationMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            let unit = try await context.unit(of: ticket)
            let calendar = try await context.catalog().businessCalendar(of: unit, near: context.now)
            let facts = Self.escalationFacts(
                ticket, roles: TicketRole.roles(of: acting.principal, on: access), at: context.now, rules: context.configuration.automation, calendar: calendar)
            if let refusal = Escalation.refusal(facts, rules: context.configuration.automation, workingDayLength: calendar.workingDayLength) {
                throw refusal.isPermission ? HelpdeskError.forbidden(refusal.description) : HelpdeskError.conflict(refusal.description)
            }
            let step = facts.step + 1
            var recipients: [String] = []
            var names: [String] = []
            for audience in Escalation.audience(forStep: step) {
                switch audience {
                case .unit:
                    recipients.append(unit.mailingList)
                    names.append(unit.name)
                case .firstLine:
                    if let firstLine = try await context.catalog().firstLineUnit(configuredName: context.configuration.firstLineUnitName), firstLine.id != unit.id {
                        recipients.append(firstLine.mailingList)
                        names.append(firstLine.name)
                    }
                case .monitoring:
                    if let monitoring = context.configuration.monitoringAddress {
                        recipients.append(monitoring)
                        names.append("ticket monitoring")
                    }
                }
            }
            ticket.escalationStep = step
            ticket.escalatedAt = context.now
            try await TicketLifecycle.touch(ticket, in: context)
            let event = try await EventRecorder.record(
                TicketEventRecord(kind: .escalated, changes: [
                    FieldChange(field: "escalation", before: String(step - 1), after: String(step)),
                    FieldChange(field: "recipients", before: nil, after: names.joined(separator: ", ")),
                ], note: reasonText),
                on: ticket, in: context)
            try await Outbox.enqueue(
                to: recipients, subject: "\(context.configuration.subjectTag(ticketID)) Escalated (step \(step) of \(Escalation.maxStep)): \(ticket.subject)",
                body: """
                    \(acting.name) escalated ticket #\(ticketID) "\(ticket.subject)" (\(ticket.priority.rawValue), \(ticket.status.rawValue), \
                    assigned to \(unit.name)): step \(step) of \(Escalation.maxStep), to \(names.joined(separator: ", ")).
                    \(reasonText.map { "\nReason given:\n\($0)\n" } ?? "")
                    \(context.configuration.publicURL)/tickets/\(ticketID)
                    """,
                kind: "escalation", ticket: ticket, event: event, in: context)
            return ticket
        }
    }
}
