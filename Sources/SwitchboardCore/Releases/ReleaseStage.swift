import Foundation

/// Where a component release is on its way to production (seed 000, "Accepting a component
/// release and closing tickets"): announced by its product team, verified by the release unit,
/// rolled out to staged sites, in production; or rejected on the way.
public enum ReleaseStage: String, CaseIterable, Sendable, Codable, Comparable {
    case announced
    case inVerification = "in-verification"
    case inStagedRollout = "in-staged-rollout"
    case inProduction = "in-production"
    case rejected

    /// The position along the way; rejected is off it.
    var step: Int? {
        switch self {
        case .announced: 0
        case .inVerification: 1
        case .inStagedRollout: 2
        case .inProduction: 3
        case .rejected: nil
        }
    }

    /// In production and rejected are where a release stays.
    public var isFinal: Bool { self == .inProduction || self == .rejected }

    public static func < (lhs: ReleaseStage, rhs: ReleaseStage) -> Bool { (lhs.step ?? 4) < (rhs.step ?? 4) }
}

/// The moves a release may make, and the closure its arrival in production causes.
public enum ReleaseRules {
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// A release moves forward only, possibly past stages it was never seen in (a repository may
    /// first show it in production); it may be rejected until it is in production; in
    /// production and rejected are final. Rejecting needs a reason.
    public static func checkMove(from current: ReleaseStage, to next: ReleaseStage, reason: String?) throws(Refusal) {
        if current == next { throw Refusal(description: "The release is \(current.rawValue) already.") }
        if current.isFinal { throw Refusal(description: "The release is \(current.rawValue); that is final.") }
        if next == .rejected {
            if (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw Refusal(description: "Say why the release is rejected.")
            }
            return
        }
        guard let from = current.step, let to = next.step, to > from else {
            throw Refusal(description: "A release moves forward only: it is \(current.rawValue) and cannot go back to \(next.rawValue).")
        }
    }

    /// Whether a ticket fixed in `fixedVersion` of a component is closed when `releasedVersion`
    /// of the same component reaches production: the released version is the fixed one or newer.
    public static func closes(fixedVersion: String, releasedVersion: String) -> Bool {
        RPMVersion.compare(releasedVersion, fixedVersion) >= 0
    }

    /// Tickets that wait in the release unit longer than this have missed a typical release
    /// cycle and are flagged for the oversight.
    public static let defaultWaitingLimitDays = 60

    /// Whether a ticket handed to the release unit at `since` has waited too long at `now`.
    public static func hasWaitedTooLong(since: Date, now: Date, limitDays: Int) -> Bool {
        now.timeIntervalSince(since) > Double(limitDays) * 86_400
    }
}
