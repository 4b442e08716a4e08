import Foundation

/// The response clock of one unit on one ticket: started when the ticket is assigned to the
/// unit, stopped by the unit's first reaction. Its instants are fixed when it starts, in the
/// unit's calendar, so that a list can colour a row by comparing instants, without calendars.
public struct ResponseClock: Sendable, Equatable {
    /// When the unit got the ticket.
    public var startedAt: Date
    /// The target in working seconds of the unit's calendar.
    public var targetSeconds: Int
    /// Half the target has passed: yellow from here.
    public var halfwayAt: Date
    /// The warning threshold has passed (75% by default): amber from here, and the unit is warned.
    public var warningAt: Date
    /// The target has passed: red from here, a reminder goes out and a violation is recorded.
    public var dueAt: Date

    public init(startedAt: Date, targetSeconds: Int, halfwayAt: Date, warningAt: Date, dueAt: Date) {
        self.startedAt = startedAt
        self.targetSeconds = targetSeconds
        self.halfwayAt = halfwayAt
        self.warningAt = warningAt
        self.dueAt = dueAt
    }

    /// The clock of a ticket of `priority` assigned at `start` to a unit with `level` and
    /// `calendar`. Nil for best effort (no target) and for calendars without working time.
    public static func start(
        at start: Date, priority: TicketPriority, level: ServiceLevel, calendar: BusinessCalendar, warningPercent: Int = 75
    ) -> ResponseClock? {
        guard let target = level.target(for: priority) else { return nil }
        let seconds = target.seconds(workingDayLength: calendar.workingDayLength)
        guard seconds > 0,
              let halfway = calendar.deadline(from: start, plus: seconds / 2),
              let warning = calendar.deadline(from: start, plus: seconds * warningPercent / 100),
              let due = calendar.deadline(from: start, plus: seconds) else { return nil }
        return ResponseClock(startedAt: start.wholeSeconds, targetSeconds: seconds, halfwayAt: halfway, warningAt: warning, dueAt: due)
    }

    /// The colour at `instant`: for an answered clock, pass the instant of the answer.
    public func colour(at instant: Date) -> ResponseColour {
        ResponseColour(at: instant, halfwayAt: halfwayAt, warningAt: warningAt, dueAt: dueAt)
    }
}

/// What the helpdesk counts as a supporter reacting to a ticket.
public enum SupporterReaction {
    /// Whether an action of `actor` is the first reaction of the unit `unitID` (stops its
    /// response clock): it must come from one of the unit's members.
    public static func isUnitResponse(by actor: Principal, unitID: UUID) -> Bool {
        actor.isMember(of: unitID)
    }

    /// Whether an action with these roles counts as supporter activity on the ticket (the
    /// stale-ticket clock starts again): any supporter or administrator with a part in it.
    public static func isSupporterActivity(roles: Set<TicketRole>) -> Bool {
        !roles.isDisjoint(with: [.owningSupporter, .involvedSupporter, .firstLine, .admin])
    }
}

/// Time spent to solve a ticket, with or without the intervals it waited for the submitter or
/// was on hold (reports may exclude them).
public enum SolutionTime {
    public struct Pause: Sendable, Equatable {
        public var start: Date
        /// Nil while the pause goes on.
        public var end: Date?

        public init(start: Date, end: Date?) {
            self.start = start
            self.end = end
        }
    }

    /// Seconds from `start` to `end`, less the parts of `pauses` that fall between them
    /// (overlapping pauses count once).
    public static func seconds(from start: Date, to end: Date, excluding pauses: [Pause]) -> Int {
        guard end > start else { return 0 }
        var paused = 0.0
        var coveredUntil = start
        for pause in pauses.sorted(by: { $0.start < $1.start }) {
            let from = max(pause.start, coveredUntil)
            let to = min(pause.end ?? end, end)
            if to > from {
                paused += to.timeIntervalSince(from)
                coveredUntil = to
            }
        }
        return Int((end.timeIntervalSince(start) - paused).rounded())
    }
}
