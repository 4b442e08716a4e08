import Foundation

/// An endpoint's monitored status, as EGI's monitoring (ARGO) reports it.
///
/// `up` is OK or WARNING; `unknown` is UNKNOWN or MISSING (no data counts as missing);
/// DOWNTIME is a scheduled downtime, which replaces the monitored status for its period.
public enum MonitoringStatus: String, CaseIterable, Sendable, Codable {
    case ok = "OK"
    case warning = "WARNING"
    case critical = "CRITICAL"
    case unknown = "UNKNOWN"
    case missing = "MISSING"
    case downtime = "DOWNTIME"

    /// The status from its name (`OK`, `warning`, …; case and surrounding spaces do not matter).
    public init?(name: String) {
        self.init(rawValue: name.trimmingCharacters(in: .whitespaces).uppercased())
    }

    /// A small number for compact storage (0…5, in the order of the cases).
    public var code: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    public init?(code: UInt8) {
        guard Int(code) < Self.allCases.count else { return nil }
        self = Self.allCases[Int(code)]
    }

    /// How two statuses combine: AND (every part must be up) or OR (one part suffices).
    public enum Operation: String, Sendable, Codable, CaseIterable {
        case and = "AND"
        case or = "OR"
    }

    /// ARGO's `egi_ops` operations profile. Both truth tables are total orders, so a combination
    /// is the worse (AND) or the better (OR) of the two by that table's ranking:
    /// - AND: OK < WARNING < UNKNOWN < MISSING < DOWNTIME < CRITICAL (the worse wins; CRITICAL AND
    ///   DOWNTIME is CRITICAL).
    /// - OR: OK < WARNING < CRITICAL < UNKNOWN < DOWNTIME < MISSING (the better wins; UNKNOWN OR
    ///   CRITICAL is CRITICAL, MISSING OR DOWNTIME is DOWNTIME).
    public static func combine(_ a: MonitoringStatus, _ b: MonitoringStatus, _ operation: Operation) -> MonitoringStatus {
        switch operation {
        case .and: andRank(a) >= andRank(b) ? a : b
        case .or: orRank(a) <= orRank(b) ? a : b
        }
    }

    private static func andRank(_ status: MonitoringStatus) -> Int {
        switch status {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .missing: 3
        case .downtime: 4
        case .critical: 5
        }
    }

    private static func orRank(_ status: MonitoringStatus) -> Int {
        switch status {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        case .unknown: 3
        case .downtime: 4
        case .missing: 5
        }
    }
}
