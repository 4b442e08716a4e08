/// A unit's declared response targets, one per priority, in working time (DESIGN.md §4).
/// A missing target is best effort: no deadline.
public struct ServiceLevel: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case workingDays(Int)
        case workingHours(Int)

        /// Seconds of working time in a calendar whose working day has `workingDayLength` seconds.
        public func seconds(workingDayLength: Int) -> Int {
            switch self {
            case .workingDays(let days): days * workingDayLength
            case .workingHours(let hours): hours * 3600
            }
        }
    }

    public var name: String
    public var targets: [TicketPriority: Target]

    public init(name: String, targets: [TicketPriority: Target]) {
        self.name = name
        self.targets = targets
    }

    public func target(for priority: TicketPriority) -> Target? { targets[priority] }

    /// The table of DESIGN.md §4.
    public static let presets: [ServiceLevel] = [
        ServiceLevel(name: ServiceLevelName.bestEffort, targets: [:]),
        ServiceLevel(name: ServiceLevelName.level1, targets: [
            .lessUrgent: .workingDays(5), .urgent: .workingDays(5), .veryUrgent: .workingDays(5), .topPriority: .workingDays(5)]),
        ServiceLevel(name: ServiceLevelName.level2, targets: [
            .lessUrgent: .workingDays(5), .urgent: .workingDays(5), .veryUrgent: .workingDays(1), .topPriority: .workingDays(1)]),
        ServiceLevel(name: ServiceLevelName.level3, targets: [
            .lessUrgent: .workingDays(5), .urgent: .workingDays(1), .veryUrgent: .workingDays(1), .topPriority: .workingHours(4)]),
        ServiceLevel(name: ServiceLevelName.emiIgeSLA, targets: [
            .lessUrgent: .workingDays(15), .urgent: .workingDays(5), .veryUrgent: .workingDays(2), .topPriority: .workingHours(4)]),
    ]

    public static func preset(named name: String) -> ServiceLevel? { presets.first { $0.name == name } }
}

/// How far a ticket is into its response target: green below half, yellow from half, amber
/// from three quarters, red once the target has passed.
public enum ResponseColour: String, Sendable, Codable, CaseIterable {
    case green, yellow, amber, red

    public init(elapsed: Int, target: Int) {
        guard target > 0 else {
            self = .red
            return
        }
        // Integer arithmetic: exact at the boundaries.
        switch elapsed * 4 {
        case ..<(target * 2): self = .green
        case ..<(target * 3): self = .yellow
        case ..<(target * 4): self = .amber
        default: self = .red
        }
    }
}
