import Foundation

/// A unit's declared response targets, one per priority, in working time (DESIGN.md §4).
/// A missing target is best effort: no deadline.
public struct ServiceLevel: Sendable, Equatable {
    /// A response target. Working days stay working days until a unit's calendar says how long
    /// its day is; hours, minutes and seconds are working time as they are.
    public struct Target: Sendable, Equatable, Hashable, CustomStringConvertible {
        public var workingDays: Int
        public var seconds: Int

        public init(workingDays: Int = 0, seconds: Int = 0) {
            self.workingDays = workingDays
            self.seconds = seconds
        }

        public static func workingDays(_ days: Int) -> Target { Target(workingDays: days) }
        public static func workingHours(_ hours: Int) -> Target { Target(seconds: hours * 3600) }

        /// "5wd", "4h", "1wd 4h"; nil when the text is not a positive working duration.
        public init?(_ text: String) {
            guard let parts = try? WorkingDuration.parts(text), parts.workingDays > 0 || parts.seconds > 0 else { return nil }
            self.init(workingDays: parts.workingDays, seconds: parts.seconds)
        }

        /// Seconds of working time in a calendar whose working day has `workingDayLength` seconds.
        public func seconds(workingDayLength: Int) -> Int { workingDays * workingDayLength + seconds }

        /// The form `init?(_:)` reads: "5wd", "4h", "1wd 4h".
        public var description: String {
            let rest = seconds > 0 ? WorkingDuration.format(seconds, workingDayLength: 0) : ""
            switch (workingDays > 0, seconds > 0) {
            case (true, true): return "\(workingDays)wd \(rest)"
            case (true, false): return "\(workingDays)wd"
            default: return rest
            }
        }
    }

    public var name: String
    public var description: String
    public var targets: [TicketPriority: Target]

    public init(name: String, description: String = "", targets: [TicketPriority: Target]) {
        self.name = name
        self.description = description
        self.targets = targets
    }

    public func target(for priority: TicketPriority) -> Target? { targets[priority] }

    /// Level names are short identifiers: lower-case letters, digits and dashes.
    public static func isValidName(_ name: String) -> Bool {
        (1...60).contains(name.count) && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && name.first != "-" && name.last != "-"
    }

    /// The table of DESIGN.md §4: what a new installation starts with.
    public static let presets: [ServiceLevel] = [
        ServiceLevel(name: ServiceLevelName.bestEffort, description: "Level unspecified: best effort, no deadline", targets: [:]),
        ServiceLevel(name: ServiceLevelName.level1, description: "Level 1 (GGUS base)", targets: [
            .lessUrgent: .workingDays(5), .urgent: .workingDays(5), .veryUrgent: .workingDays(5), .topPriority: .workingDays(5)]),
        ServiceLevel(name: ServiceLevelName.level2, description: "Level 2 (GGUS medium)", targets: [
            .lessUrgent: .workingDays(5), .urgent: .workingDays(5), .veryUrgent: .workingDays(1), .topPriority: .workingDays(1)]),
        ServiceLevel(name: ServiceLevelName.level3, description: "Level 3 (GGUS advanced)", targets: [
            .lessUrgent: .workingDays(5), .urgent: .workingDays(1), .veryUrgent: .workingDays(1), .topPriority: .workingHours(4)]),
        ServiceLevel(name: ServiceLevelName.emiIgeSLA, description: "Former EMI/IGE SLA", targets: [
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

    /// The colour at `instant` of a clock whose thresholds fall at these instants.
    public init(at instant: Date, halfwayAt: Date, warningAt: Date, dueAt: Date) {
        if instant >= dueAt { self = .red } else if instant >= warningAt { self = .amber } else if instant >= halfwayAt { self = .yellow } else { self = .green }
    }
}
