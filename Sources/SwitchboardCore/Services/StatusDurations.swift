import Foundation

/// Seconds spent in each status over a period, and the period's availability and reliability as
/// ARGO (EGI's monitoring) defines them:
///
/// - up = OK + WARNING; unknown = UNKNOWN + MISSING; scheduled downtime = DOWNTIME.
/// - availability = up / (total − unknown)
/// - reliability = up / (total − unknown − scheduled downtime)
///
/// Both are percentages (0…100) at full precision, and nil when their denominator is 0 (never
/// shown as 100 % or 0 %). A longer period is the sum of its days' durations, so its figures are
/// ratios of summed durations, not means of daily percentages. Unscheduled downtime is not a
/// status: the service stays as monitored (normally CRITICAL) and counts against both figures.
public struct StatusDurations: Sendable, Equatable, Codable {
    public var ok: Int64 = 0
    public var warning: Int64 = 0
    public var critical: Int64 = 0
    public var unknown: Int64 = 0
    public var missing: Int64 = 0
    public var downtime: Int64 = 0

    public init() {}

    public mutating func add(_ seconds: Int64, to status: MonitoringStatus) {
        switch status {
        case .ok: ok += seconds
        case .warning: warning += seconds
        case .critical: critical += seconds
        case .unknown: unknown += seconds
        case .missing: missing += seconds
        case .downtime: downtime += seconds
        }
    }

    public static func + (lhs: StatusDurations, rhs: StatusDurations) -> StatusDurations {
        var sum = lhs
        sum.ok += rhs.ok
        sum.warning += rhs.warning
        sum.critical += rhs.critical
        sum.unknown += rhs.unknown
        sum.missing += rhs.missing
        sum.downtime += rhs.downtime
        return sum
    }

    public var total: Int64 { ok + warning + critical + unknown + missing + downtime }
    public var upSeconds: Int64 { ok + warning }
    public var unknownSeconds: Int64 { unknown + missing }
    public var scheduledDowntimeSeconds: Int64 { downtime }

    /// up / (total − unknown) × 100, nil when the denominator is 0.
    public var availability: Double? {
        let denominator = total - unknownSeconds
        return denominator > 0 ? Double(upSeconds) / Double(denominator) * 100 : nil
    }

    /// up / (total − unknown − scheduled downtime) × 100, nil when the denominator is 0.
    public var reliability: Double? {
        let denominator = total - unknownSeconds - scheduledDowntimeSeconds
        return denominator > 0 ? Double(upSeconds) / Double(denominator) * 100 : nil
    }

    /// Whether a figure meets its target: the value at full precision is at least the target.
    /// An undefined figure meets nothing.
    public static func meets(_ value: Double?, target: Double) -> Bool {
        guard let value else { return false }
        return value >= target
    }
}
