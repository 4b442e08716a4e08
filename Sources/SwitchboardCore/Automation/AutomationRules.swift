/// The numbers of the automated processes (DESIGN.md §5), in working days of the ticket's
/// unit. Every number is configurable per installation.
public struct AutomationRules: Sendable, Equatable {
    /// Reminders to a silent submitter, counted from when the ticket started waiting.
    public var waitingReminderDays: [Int] = [5, 10]
    /// After this long without a reply the ticket becomes unsolved.
    public var waitingUnsolvedAfterDays: Int = 15
    /// Solved and unsolved tickets close after this long unless verified or reopened.
    public var closeAfterDays: Int = 10
    /// Share of the response target after which the unit is warned (DESIGN.md §4: 75%).
    public var responseWarningPercent: Int = 75
    /// An open ticket without supporter reaction for this long is flagged on the sweep agenda.
    public var staleFlagDays: Int = 3
    /// An open ticket untouched by supporters for this long reminds its unit (and again after
    /// as long again while nobody reacts).
    public var staleReminderDays: Int = 10
    /// A ticket waiting for the submitter or on hold this long is flagged on the sweep agenda.
    public var waitingTooLongDays: Int = 10
    /// The submitter's escalation steps come at least this far apart.
    public var escalationStepDays: Int = 1
    /// The days a unit sweeps its tickets, unless the unit says otherwise.
    public var sweepDays: Set<BusinessCalendar.Weekday> = [.tuesday, .thursday]

    public init() {}

    public static let standard = AutomationRules()
}

/// The kinds of due actions a ticket can have waiting for it.
public enum TimerKind: String, Codable, CaseIterable, Sendable {
    case waitingReminder = "waiting-reminder"
    case waitingUnsolved = "waiting-unsolved"
    case autoClose = "auto-close"
    /// The unit has not reacted and the warning share of its response target has passed.
    case responseWarning = "response-warning"
    /// The unit has not reacted within its response target.
    case responseDue = "response-due"
    /// No supporter has reacted to an open ticket for the stale-reminder period.
    case staleReminder = "stale-reminder"

    /// The rule an automatic action cites in its event.
    public var rule: String {
        switch self {
        case .waitingReminder, .waitingUnsolved: "waiting-for-submitter"
        case .autoClose: "closure"
        case .responseWarning, .responseDue: "response-time"
        case .staleReminder: "stale-ticket"
        }
    }

    /// Timers that belong to the ticket's status: a status change cancels them and plans anew.
    public static let statusTimers: [TimerKind] = [.waitingReminder, .waitingUnsolved, .autoClose, .staleReminder]
    /// Timers of the current unit's response clock: its reaction or a reassignment cancels them.
    public static let responseTimers: [TimerKind] = [.responseWarning, .responseDue]
}

/// A due action to schedule: what, and after how much working time from now.
public struct PlannedTimer: Sendable, Equatable {
    public var kind: TimerKind
    /// Working seconds after the status change.
    public var after: Int
    /// For reminders: which one (1, 2, …).
    public var sequence: Int

    public init(kind: TimerKind, after: Int, sequence: Int = 0) {
        self.kind = kind
        self.after = after
        self.sequence = sequence
    }
}

extension AutomationRules {
    /// The timers a ticket gets when it enters `status`. Entering any status first cancels the
    /// ticket's pending status timers, so a reply, a reopening or a verification stops them.
    /// (The stale-ticket reminder of an active status is planned from the last supporter
    /// reaction, so it is not here: see `staleReminderDue`.)
    public func timers(enteringStatus status: TicketStatus, workingDayLength: Int) -> [PlannedTimer] {
        switch status {
        case .waitingForReply:
            let reminders = waitingReminderDays.enumerated().map { index, days in
                PlannedTimer(kind: .waitingReminder, after: days * workingDayLength, sequence: index + 1)
            }
            return reminders + [PlannedTimer(kind: .waitingUnsolved, after: waitingUnsolvedAfterDays * workingDayLength)]
        case .solved, .unsolved:
            return [PlannedTimer(kind: .autoClose, after: closeAfterDays * workingDayLength)]
        default:
            return []
        }
    }

    /// Whether a ticket in `status` is the supporters' to move: open and waiting neither for
    /// the submitter nor on something else. Only such tickets go stale.
    public static func isActive(_ status: TicketStatus) -> Bool {
        switch status {
        case .new, .assigned, .inProgress, .reopened: true
        default: false
        }
    }

    /// Whether a due timer still applies to a ticket in `status` (a timer whose reason passed is
    /// dropped without acting, so processing stays idempotent and safe against races).
    public static func applies(_ kind: TimerKind, to status: TicketStatus) -> Bool {
        switch kind {
        case .waitingReminder, .waitingUnsolved: status == .waitingForReply
        case .autoClose: status == .solved || status == .unsolved
        case .responseWarning, .responseDue: status.isOpen
        case .staleReminder: isActive(status)
        }
    }
}
