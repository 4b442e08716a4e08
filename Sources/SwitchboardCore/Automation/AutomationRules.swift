/// The numbers of the automated processes (DESIGN.md §5), in working days of the ticket's
/// unit. Every number is configurable per installation.
public struct AutomationRules: Sendable, Equatable {
    /// Reminders to a silent submitter, counted from when the ticket started waiting.
    public var waitingReminderDays: [Int] = [5, 10]
    /// After this long without a reply the ticket becomes unsolved.
    public var waitingUnsolvedAfterDays: Int = 15
    /// Solved and unsolved tickets close after this long unless verified or reopened.
    public var closeAfterDays: Int = 10

    public init() {}

    public static let standard = AutomationRules()
}

/// The kinds of due actions a ticket can have waiting for it.
public enum TimerKind: String, Codable, CaseIterable, Sendable {
    case waitingReminder = "waiting-reminder"
    case waitingUnsolved = "waiting-unsolved"
    case autoClose = "auto-close"

    /// The rule an automatic action cites in its event.
    public var rule: String {
        switch self {
        case .waitingReminder, .waitingUnsolved: "waiting-for-submitter"
        case .autoClose: "closure"
        }
    }
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

    /// Whether a due timer still applies to a ticket in `status` (a timer whose reason passed is
    /// dropped without acting, so processing stays idempotent and safe against races).
    public static func applies(_ kind: TimerKind, to status: TicketStatus) -> Bool {
        switch kind {
        case .waitingReminder, .waitingUnsolved: status == .waitingForReply
        case .autoClose: status == .solved || status == .unsolved
        }
    }
}
