import Fluent
import Foundation
import SwitchboardCore

/// A unit's sweep agenda: every open ticket, grouped by status, with what the twice-weekly
/// review looks at.
public struct SweepAgenda: Sendable {
    public struct Item: Sendable {
        public var id: Int
        public var subject: String
        public var priority: TicketPriority
        public var status: TicketStatus
        public var colour: ResponseColour?
        public var responseDueAt: Date?
        public var assignee: String?
        public var createdAt: Date
        /// Calendar days since the ticket was opened.
        public var ageDays: Int
        /// Working days (in tenths) since the last supporter reaction, or since the ticket came
        /// to the unit when nobody has reacted yet.
        public var workingDaysSinceReaction: Double
        public var flags: [SweepFlag]
        public var lastSweepNote: (note: String, by: String, at: Date)?
    }

    public struct Group: Sendable {
        public var status: TicketStatus
        public var items: [Item]
    }

    public var unit: SupportUnitModel
    public var generatedAt: Date
    public var sweepDays: Set<BusinessCalendar.Weekday>
    public var nextSweep: LocalDate?
    public var groups: [Group]

    public var ticketCount: Int { groups.reduce(0) { $0 + $1.items.count } }
}

/// The weekly sweep (DESIGN.md §5): a unit's open tickets grouped for its meeting, and the
/// short progress notes supporters add during it.
public struct SweepOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var sweep: SweepOperations { SweepOperations(helpdesk: self) }
}

extension SweepOperations {
    /// The sweep days of a unit: its own, or the installation's.
    func sweepDays(of unit: SupportUnitModel) -> Set<BusinessCalendar.Weekday> {
        unit.sweepDays.flatMap(SweepRules.parseDays) ?? helpdesk.configuration.automation.sweepDays
    }

    /// The agenda of a unit (by id or name) as of `now`; supporters and administrators only.
    public func sweepAgenda(unit reference: String, asOf now: Date? = nil, by acting: Acting) async throws -> SweepAgenda {
        guard acting.principal.isSupporter || acting.principal.isAdmin || acting.principal.isSystem else {
            throw HelpdeskError.forbidden("The sweep agenda is for supporters.")
        }
        guard let unit = try await UnitOperations.unit(reference, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no support unit '\(reference)'.")
        }
        let now = now ?? helpdesk.clock.now()
        let calendar = try await CalendarOperations.businessCalendar(of: unit, on: helpdesk.database)
        let dayLength = Double(max(calendar.workingDayLength, 1))
        let tickets = try await TicketModel.query(on: helpdesk.database)
            .filter(\.$supportUnit.$id == unit.requireID())
            .filter(\.$status ~~ TicketStatus.openStatuses)
            .sort(\.$priorityRank, .descending).sort(\.$createdAt).sort(\.$id)
            .all()
        let ids = tickets.compactMap(\.id)
        let assigneeIDs = Set(tickets.compactMap { $0.$assignee.id })
        let people = assigneeIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await UserModel.query(on: helpdesk.database)
            .filter(\.$id ~~ Array(assigneeIDs)).all().map { (try $0.requireID(), $0.displayName) })
        var notes: [Int: (String, String, Date)] = [:]
        if !ids.isEmpty {
            for event in try await TicketEventModel.query(on: helpdesk.database)
                .filter(\.$ticket.$id ~~ ids).filter(\.$kind == .sweepNote).sort(\.$at).all() {
                notes[event.$ticket.id] = (event.note ?? "", event.actorName, event.at)
            }
        }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let items = try tickets.map { ticket -> SweepAgenda.Item in
            let sinceReaction = calendar.workingTime(from: ticket.supporterReactedAt ?? ticket.statusSince ?? ticket.createdAt, to: now)
            let age = gregorian.dateComponents([.day], from: gregorian.startOfDay(for: ticket.createdAt), to: gregorian.startOfDay(for: now)).day ?? 0
            return SweepAgenda.Item(
                id: try ticket.requireID(), subject: ticket.subject, priority: ticket.priority, status: ticket.status,
                colour: ticket.responseColour(at: now), responseDueAt: ticket.respondedAt == nil ? ticket.responseDueAt : nil,
                assignee: ticket.$assignee.id.flatMap { people[$0] }, createdAt: ticket.createdAt, ageDays: max(0, age),
                workingDaysSinceReaction: (Double(sinceReaction) / dayLength * 10).rounded(.down) / 10,
                flags: flags(of: ticket, tier: unit.tier, calendar: calendar, now: now),
                lastSweepNote: notes[try ticket.requireID()].map { (note: $0.0, by: $0.1, at: $0.2) })
        }
        let groups = SweepRules.statusOrder.compactMap { status -> SweepAgenda.Group? in
            let members = items.filter { $0.status == status }
            return members.isEmpty ? nil : SweepAgenda.Group(status: status, items: members)
        }
        let parts = gregorian.dateComponents([.year, .month, .day], from: now)
        let today = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
        let days = sweepDays(of: unit)
        return SweepAgenda(
            unit: unit, generatedAt: now, sweepDays: days,
            nextSweep: SweepRules.nextSweep(onOrAfter: today, sweepDays: days, calendar: calendar), groups: groups)
    }

    /// Why a ticket of a unit (of this tier, working by this calendar) stands out on the sweep
    /// agenda now; the agenda and the ticket page's header show the same flags.
    func flags(of ticket: TicketModel, tier: SupportTier, calendar: BusinessCalendar, now: Date) -> [SweepFlag] {
        let facts = SweepFacts(
            status: ticket.status, priority: ticket.priority, tier: tier, hasResponsible: ticket.$assignee.id != nil,
            hasETA: ticket.eta != nil,
            workingSecondsSinceReaction: calendar.workingTime(from: ticket.staleSince, to: now),
            workingSecondsInStatus: calendar.workingTime(from: ticket.statusSince ?? ticket.createdAt, to: now),
            responseOverdue: ticket.isResponseOverdue(at: now),
            waitedTooLongForRelease: ticket.fixedAt.map {
                ReleaseRules.hasWaitedTooLong(since: $0, now: now, limitDays: helpdesk.configuration.releases.waitingLimitDays)
            } ?? false)
        return SweepRules.flags(facts, rules: helpdesk.configuration.automation, workingDayLength: calendar.workingDayLength)
    }

    /// The flags of one open ticket for its page (supporters); none for a closed one.
    public func flags(of ticket: TicketModel, unit: SupportUnitModel) async throws -> [SweepFlag] {
        guard ticket.status.isOpen else { return [] }
        let calendar = try await CalendarOperations.businessCalendar(of: unit, on: helpdesk.database)
        return flags(of: ticket, tier: unit.tier, calendar: calendar, now: helpdesk.clock.now())
    }

    /// A supporter's short progress note on a ticket during the sweep (internal: supporters only).
    @discardableResult
    public func addSweepNote(ticketID: Int, note: String?, by acting: Acting) async throws -> TicketEventModel {
        var errors = FieldErrors()
        let text = TicketRules.validateText(note, field: "note", required: true, maxLength: TicketRules.justificationMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let (ticket, _) = try await TicketLookup.forChange(ticketID, action: .commentInternal, in: context)
            guard ticket.status.isOpen else {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is \(ticket.status.rawValue); the sweep covers open tickets.")
            }
            try await TicketLifecycle.touch(ticket, in: context)
            return try await EventRecorder.record(
                TicketEventRecord(kind: .sweepNote, visibility: .internal, note: text), on: ticket, in: context)
        }
    }
}
