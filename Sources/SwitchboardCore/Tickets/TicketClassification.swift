/// How a ticket came into being. Set by the system on creation and never changed (DESIGN.md §2).
public enum TicketType: String, Codable, CaseIterable, Sendable {
    /// Opened by one person.
    case user
    /// Opened on behalf of a whole team or virtual organisation, which may edit it.
    case team
    /// Reserved to authorised alarmers; goes straight to the site's unit.
    case alarm
    /// Opened by operations tooling.
    case ops
}

/// What kind of work a ticket asks for.
public enum TicketCategory: String, Codable, CaseIterable, Sendable {
    case incident
    case serviceRequest = "service-request"
    case requirement
    case documentation
    case release
    /// Test tickets; reports leave them out.
    case test
}

/// Urgency of a ticket, lowest to highest. `rank` orders them; in the seed's SLA
/// tables severity 1 is top priority and severity 4 is less urgent.
public enum TicketPriority: String, Codable, CaseIterable, Sendable, Comparable {
    case lessUrgent = "less-urgent"
    case urgent
    case veryUrgent = "very-urgent"
    case topPriority = "top-priority"

    public static let `default` = TicketPriority.lessUrgent

    /// 1 (less urgent) to 4 (top priority).
    public var rank: Int {
        switch self {
        case .lessUrgent: 1
        case .urgent: 2
        case .veryUrgent: 3
        case .topPriority: 4
        }
    }

    /// The seed's "severity": 1 is the most severe.
    public var severity: Int { 5 - rank }

    public init?(rank: Int) {
        guard let match = Self.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = match
    }

    /// Very urgent and top-priority tickets alert their unit at once and need a named responsible person.
    public var isHigh: Bool { rank >= TicketPriority.veryUrgent.rank }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Which changes of a ticket the submitter is told about.
public enum NotificationMode: String, Codable, CaseIterable, Sendable {
    case everyChange = "every-change"
    case onSolution = "on-solution"
    case never

    public static let `default` = NotificationMode.everyChange
}
