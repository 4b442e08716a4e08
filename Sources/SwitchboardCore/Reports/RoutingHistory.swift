import Foundation

/// What the reports read of one ticket's history: where it was filed, where it was assigned
/// and which statuses it went through, in the order they happened. `Unit` is however the
/// caller names units (an id on the server, a name in tests). Everything else in the history
/// (comments, priorities, fields) does not enter the quarterly figures.
public struct RoutingHistory<Unit: Hashable & Sendable>: Sendable {
    public enum Step: Sendable, Equatable {
        /// The ticket was filed to a unit with a status (`new` in Switchboard; imported history may differ).
        case filed(at: Date, to: Unit, status: TicketStatus)
        /// The ticket was assigned from the responsible unit to another one.
        case assigned(at: Date, from: Unit?, to: Unit)
        case status(at: Date, to: TicketStatus)
        /// Someone other than the submitter and the system acted on the ticket (a comment, a
        /// status, an assignment, a priority, an edit): the responsible unit's reaction. An
        /// event that is also an assignment or a status comes as this step first, so that it
        /// counts for the unit that was responsible before it.
        case reaction(at: Date)

        public var at: Date {
            switch self {
            case .filed(let at, _, _), .assigned(let at, _, _), .status(let at, _), .reaction(let at): at
            }
        }
    }

    public var ticketID: Int
    /// Steps ordered by instant; steps at the same instant apply in array order.
    public var steps: [Step]

    public init(ticketID: Int, steps: [Step]) {
        self.ticketID = ticketID
        self.steps = steps
    }
}

/// What one ticket means for one unit's quarterly figures (definitions 1–7 in the README, "Report definitions"):
/// the first qualifying event of each row. Every ticket counts at most once per row.
public struct UnitFacts<Unit: Hashable & Sendable>: Sendable, Equatable {
    public var ticketID: Int
    public var unit: Unit
    /// The first assignment to the unit (or the filing, if the ticket was filed to it). Row 1.
    public var firstAssignedAt: Date
    /// The first change to `solved` made while the unit was responsible. Row 2.
    public var firstSolvedAt: Date?
    /// Seconds between `firstAssignedAt` and `firstSolvedAt` spent in neither
    /// `waiting-for-reply` nor `on-hold`.
    public var solveSecondsExcludingWaiting: Int?
    /// The unit's first reaction while responsible, at or after its first assignment.
    public var firstReactionAt: Date?
    /// The first assignment from the unit to a first-line unit. Row 3.
    public var firstToFirstLineAt: Date?
    /// The first assignment from the unit to a third-line unit. Row 4.
    public var firstToThirdLineAt: Date?

    public init(ticketID: Int, unit: Unit, firstAssignedAt: Date, firstSolvedAt: Date? = nil, solveSecondsExcludingWaiting: Int? = nil,
                firstReactionAt: Date? = nil, firstToFirstLineAt: Date? = nil, firstToThirdLineAt: Date? = nil) {
        self.firstReactionAt = firstReactionAt
        self.ticketID = ticketID
        self.unit = unit
        self.firstAssignedAt = firstAssignedAt
        self.firstSolvedAt = firstSolvedAt
        self.solveSecondsExcludingWaiting = solveSecondsExcludingWaiting
        self.firstToFirstLineAt = firstToFirstLineAt
        self.firstToThirdLineAt = firstToThirdLineAt
    }

    /// Calendar seconds from the first assignment to the first solution (definition 5).
    public var solveSeconds: Int? {
        firstSolvedAt.map { Int($0.timeIntervalSince(firstAssignedAt).rounded()) }
    }

    /// Seconds from the first assignment to the first assignment to third line (definition 7).
    public var secondsToThirdLine: Int? {
        firstToThirdLineAt.map { Int($0.timeIntervalSince(firstAssignedAt).rounded()) }
    }
}

/// One ticket for the report builder (`RoutingHistory.ticketFacts()`).
public struct TicketFacts<Unit: Hashable & Sendable>: Sendable, Equatable {
    public var ticketID: Int
    public var filedAt: Date
    public var filedUnit: Unit
    /// The first reaction of the unit it was filed to, while that unit was responsible.
    public var firstReactionAt: Date?
    /// The first change to `solved`, whoever was responsible.
    public var firstSolvedAt: Date?
    /// Seconds from filing to `firstSolvedAt` not spent in `waiting-for-reply` or `on-hold`.
    public var solveSecondsExcludingWaiting: Int?

    public init(ticketID: Int, filedAt: Date, filedUnit: Unit, firstReactionAt: Date?, firstSolvedAt: Date?, solveSecondsExcludingWaiting: Int?) {
        self.ticketID = ticketID
        self.filedAt = filedAt
        self.filedUnit = filedUnit
        self.firstReactionAt = firstReactionAt
        self.firstSolvedAt = firstSolvedAt
        self.solveSecondsExcludingWaiting = solveSecondsExcludingWaiting
    }

    public var solveSeconds: Int? { firstSolvedAt.map { Int($0.timeIntervalSince(filedAt).rounded()) } }
}

/// The first time a ticket was assigned from one unit to another.
public struct HandOff<Unit: Hashable & Sendable>: Sendable, Equatable {
    public var ticketID: Int
    public var from: Unit
    public var to: Unit
    public var firstAt: Date

    public init(ticketID: Int, from: Unit, to: Unit, firstAt: Date) {
        self.ticketID = ticketID
        self.from = from
        self.to = to
        self.firstAt = firstAt
    }
}

/// A stretch of time in which a ticket was open and one unit was responsible for it, with the
/// latest assignment to that unit: what the third-line backlog (definition 8) reads.
/// Half-open: `[startsAt, endsAt)`, `endsAt` nil while it lasts.
public struct OpenSpan<Unit: Hashable & Sendable>: Sendable, Equatable {
    public var ticketID: Int
    public var unit: Unit
    public var assignedAt: Date
    public var startsAt: Date
    public var endsAt: Date?

    public init(ticketID: Int, unit: Unit, assignedAt: Date, startsAt: Date, endsAt: Date?) {
        self.ticketID = ticketID
        self.unit = unit
        self.assignedAt = assignedAt
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public func contains(_ instant: Date) -> Bool {
        startsAt <= instant && endsAt.map { instant < $0 } ?? true
    }
}

extension RoutingHistory {
    /// Statuses whose time does not count in the "excluding waiting" time to solve.
    public static var waitingStatuses: Set<TicketStatus> { [.waitingForReply, .onHold] }

    /// The facts of every unit the ticket was ever assigned to, in order of first assignment.
    /// `tier` says which line a unit belongs to (nil for a unit the caller does not know: it is
    /// then neither first nor third line).
    public func unitFacts(tier: (Unit) -> SupportTier?) -> [UnitFacts<Unit>] {
        var facts = solutionFacts()
        let position = Dictionary(uniqueKeysWithValues: facts.enumerated().map { ($0.element.unit, $0.offset) })
        for handOff in handOffs() {
            guard let index = position[handOff.from] else { continue }
            switch tier(handOff.to) {
            case .firstLine?:
                facts[index].firstToFirstLineAt = min(facts[index].firstToFirstLineAt ?? handOff.firstAt, handOff.firstAt)
            case .thirdLine?:
                facts[index].firstToThirdLineAt = min(facts[index].firstToThirdLineAt ?? handOff.firstAt, handOff.firstAt)
            default: break
            }
        }
        return facts
    }

    /// The facts that do not depend on the lines units belong to (rows 1, 2 and 5): first
    /// assignment, first solution while responsible, and the time to it without waiting. The
    /// hand-off rows are nil; `unitFacts(tier:)` adds them from `handOffs()`.
    public func solutionFacts() -> [UnitFacts<Unit>] {
        var facts: [UnitFacts<Unit>] = []
        var index: [Unit: Int] = [:]
        var responsible: Unit?
        var status: TicketStatus?
        var statusSince: Date?
        // Waiting stretches so far, to subtract from the time to solve.
        var waiting: [(start: Date, end: Date)] = []

        func assign(_ unit: Unit, at instant: Date) {
            if index[unit] == nil {
                index[unit] = facts.count
                facts.append(UnitFacts(ticketID: ticketID, unit: unit, firstAssignedAt: instant))
            }
            responsible = unit
        }
        func setStatus(_ next: TicketStatus, at instant: Date) {
            if let status, let statusSince, Self.waitingStatuses.contains(status), instant > statusSince {
                waiting.append((statusSince, instant))
            }
            if next == .solved, let unit = responsible, let position = index[unit], facts[position].firstSolvedAt == nil {
                let assigned = facts[position].firstAssignedAt
                let total = Int(instant.timeIntervalSince(assigned).rounded())
                let paused = waiting.reduce(0) { sum, stretch in
                    let start = max(stretch.start, assigned), end = min(stretch.end, instant)
                    return sum + (end > start ? Int(end.timeIntervalSince(start).rounded()) : 0)
                }
                facts[position].firstSolvedAt = instant
                facts[position].solveSecondsExcludingWaiting = total - paused
            }
            if next != status { statusSince = instant }
            status = next
        }

        for step in steps {
            switch step {
            case .filed(let at, let unit, let filedStatus):
                assign(unit, at: at)
                setStatus(filedStatus, at: at)
            case .assigned(let at, _, let to):
                assign(to, at: at)
            case .status(let at, let to):
                setStatus(to, at: at)
            case .reaction(let at):
                if let unit = responsible, let position = index[unit], facts[position].firstReactionAt == nil {
                    facts[position].firstReactionAt = at
                }
            }
        }
        return facts
    }

    /// The ticket as a whole, for the report builder: when and where it was filed, the first
    /// reaction of the unit it was filed to, and its first solution by anyone, with the time to
    /// it from filing without the waiting stretches.
    public func ticketFacts() -> TicketFacts<Unit>? {
        guard case .filed(let filedAt, let filedTo, _)? = steps.first else { return nil }
        let solution = RoutingHistory(ticketID: ticketID, steps: steps.map { step in
            // Every unit counts as the one unit the ticket was filed to.
            switch step {
            case .filed(let at, _, let status): .filed(at: at, to: filedTo, status: status)
            case .assigned(let at, _, _): .assigned(at: at, from: filedTo, to: filedTo)
            default: step
            }
        }).solutionFacts().first
        let filedUnit = solutionFacts().first
        return TicketFacts(ticketID: ticketID, filedAt: filedAt, filedUnit: filedTo, firstReactionAt: filedUnit?.firstReactionAt,
                           firstSolvedAt: solution?.firstSolvedAt, solveSecondsExcludingWaiting: solution?.solveSecondsExcludingWaiting)
    }

    /// The first assignment from each unit to each other unit (the unit assigned from is the
    /// step's `from`, or the responsible unit when the step does not say). Rows 3, 4 and 7 pick
    /// from these by the line of the unit assigned to, as it is when the report is made.
    public func handOffs() -> [HandOff<Unit>] {
        var first: [HandOff<Unit>] = []
        var seen: Set<[Unit]> = []
        var responsible: Unit?
        for step in steps {
            switch step {
            case .filed(_, let unit, _):
                responsible = unit
            case .assigned(let at, let from, let to):
                if let source = from ?? responsible, seen.insert([source, to]).inserted {
                    first.append(HandOff(ticketID: ticketID, from: source, to: to, firstAt: at))
                }
                responsible = to
            case .status, .reaction: break
            }
        }
        return first
    }

    /// The stretches in which the ticket was open, split where the responsible unit or its
    /// latest assignment changes. The state at an instant is the state after every step at or
    /// before it; stretches of no length (steps at the same instant) are left out.
    public func openSpans() -> [OpenSpan<Unit>] {
        var spans: [OpenSpan<Unit>] = []
        var responsible: Unit?
        var assignedAt: Date?
        var isOpen = false
        var current: OpenSpan<Unit>?

        func settle(at instant: Date) {
            let wanted: (Unit, Date)? = if isOpen, let responsible, let assignedAt { (responsible, assignedAt) } else { nil }
            if let open = current {
                if let wanted, wanted.0 == open.unit, wanted.1 == open.assignedAt { return }
                var closed = open
                closed.endsAt = instant
                if instant > closed.startsAt { spans.append(closed) }
                current = nil
            }
            if let wanted {
                current = OpenSpan(ticketID: ticketID, unit: wanted.0, assignedAt: wanted.1, startsAt: instant, endsAt: nil)
            }
        }

        var position = 0
        while position < steps.count {
            let instant = steps[position].at
            while position < steps.count, steps[position].at == instant {
                switch steps[position] {
                case .filed(_, let unit, let status):
                    responsible = unit
                    assignedAt = instant
                    isOpen = status.isOpen
                case .assigned(_, _, let to):
                    responsible = to
                    assignedAt = instant
                case .status(_, let to):
                    isOpen = to.isOpen
                case .reaction: break
                }
                position += 1
            }
            settle(at: instant)
        }
        if let current { spans.append(current) }
        return spans
    }
}
