import Foundation

/// Whether a unit's first reaction met its response target: the reaction came at or before the
/// deadline (the target counted in working time of the unit's calendar from the assignment).
/// Without a reaction the target is missed once the deadline has passed, and still pending
/// before. Best effort (no target) is neither.
public enum ResponseCompliance: Sendable, Equatable {
    case met
    case missed
    case pending

    public static func judge(assignedAt: Date, reactionAt: Date?, targetSeconds: Int, calendar: BusinessCalendar, at now: Date) -> ResponseCompliance {
        judge(reactionAt: reactionAt, deadline: calendar.deadline(from: assignedAt, plus: targetSeconds), at: now)
    }

    /// The same with the deadline already known (nil: the calendar has no working time).
    public static func judge(reactionAt: Date?, deadline: Date?, at now: Date) -> ResponseCompliance {
        guard let deadline else { return reactionAt == nil ? .pending : .met }
        if let reactionAt { return reactionAt <= deadline ? .met : .missed }
        return now >= deadline ? .missed : .pending
    }
}
