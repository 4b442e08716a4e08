/// The line of support a unit belongs to (DESIGN.md §3).
public enum SupportTier: String, Codable, CaseIterable, Sendable, Comparable {
    /// Triage ("TPM"): every ticket without an explicit target starts here.
    case firstLine = "first-line"
    /// Expert analysis ("DMSU").
    case secondLine = "second-line"
    /// The product teams that own the software.
    case thirdLine = "third-line"
    /// Holds fixed tickets until the release reaches production ("UMD Release").
    case release

    private var order: Int {
        switch self {
        case .firstLine: 1
        case .secondLine: 2
        case .thirdLine: 3
        case .release: 4
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    public var title: String {
        switch self {
        case .firstLine: "First line"
        case .secondLine: "Second line"
        case .thirdLine: "Third line"
        case .release: "Release"
        }
    }
}

/// A person's standing in a support unit.
public enum MembershipRole: String, Codable, CaseIterable, Sendable {
    case member
    /// May also manage the unit's members.
    case unitAdmin = "unit-admin"
}

/// The service levels a unit can declare (DESIGN.md §4). Their targets are defined by
/// the service-level rules; here they are names a unit refers to.
public enum ServiceLevelName {
    public static let bestEffort = "best-effort"
    public static let level1 = "level-1"
    public static let level2 = "level-2"
    public static let level3 = "level-3"
    public static let emiIgeSLA = "emi-ige-sla"

    public static let all = [bestEffort, level1, level2, level3, emiIgeSLA]
}
