import Fluent
import Foundation
import SwitchboardCore

/// A named service level: a response target per priority, as text ("5wd", "4h"); no target
/// is best effort.
public final class ServiceLevelModel: Model, @unchecked Sendable {
    public static let schema = "service_levels"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "description") public var description: String
    @OptionalField(key: "target_less_urgent") public var lessUrgent: String?
    @OptionalField(key: "target_urgent") public var urgent: String?
    @OptionalField(key: "target_very_urgent") public var veryUrgent: String?
    @OptionalField(key: "target_top_priority") public var topPriority: String?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $name, $description, $lessUrgent, $urgent, $veryUrgent, $topPriority] }

    public init() {}

    init(_ level: ServiceLevel) {
        set(level)
    }

    func set(_ level: ServiceLevel) {
        name = level.name
        description = level.description
        lessUrgent = level.target(for: .lessUrgent)?.description
        urgent = level.target(for: .urgent)?.description
        veryUrgent = level.target(for: .veryUrgent)?.description
        topPriority = level.target(for: .topPriority)?.description
    }

    /// The rules' view. Stored texts were checked when written.
    var level: ServiceLevel {
        var targets: [TicketPriority: ServiceLevel.Target] = [:]
        for (priority, text) in [(TicketPriority.lessUrgent, lessUrgent), (.urgent, urgent), (.veryUrgent, veryUrgent), (.topPriority, topPriority)] {
            if let text, let target = ServiceLevel.Target(text) { targets[priority] = target }
        }
        return ServiceLevel(name: name, description: description, targets: targets)
    }
}

/// One unit's response clock on one ticket: from the assignment to the unit until its first
/// reaction (or until the ticket leaves the unit or closes). Read by reports and by the list
/// of violations.
public final class ResponseClockModel: Model, @unchecked Sendable {
    public static let schema = "response_clocks"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Parent(key: "unit_id") public var unit: SupportUnitModel
    /// The unit's name then, so that history reads the same after a rename.
    @Field(key: "unit_name") public var unitName: String
    @Field(key: "priority") public var priority: TicketPriority
    @Field(key: "service_level") public var serviceLevel: String
    @Field(key: "target_seconds") public var targetSeconds: Int
    @Field(key: "started_at") public var startedAt: Date
    @Field(key: "due_at") public var dueAt: Date
    /// When the clock stopped: the unit's reaction, a reassignment or the end of the ticket.
    @OptionalField(key: "ended_at") public var endedAt: Date?
    /// The unit's first reaction (nil when the clock ended without one).
    @OptionalField(key: "responded_at") public var respondedAt: Date?
    /// When the target passed without a reaction: a recorded violation.
    @OptionalField(key: "violated_at") public var violatedAt: Date?
    /// Working seconds between the target and the reaction, for violations once answered.
    @OptionalField(key: "late_seconds") public var lateSeconds: Int?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $ticket, $unit, $unitName, $priority, $serviceLevel, $targetSeconds, $startedAt, $dueAt, $endedAt,
         $respondedAt, $violatedAt, $lateSeconds]
    }

    public init() {}
}

/// An interval a ticket spent in `waiting-for-reply` or `on-hold`, so that solution times can
/// leave it out.
public final class StatusPauseModel: Model, @unchecked Sendable {
    public static let schema = "status_pauses"
    /// The statuses that pause the clocks while a ticket is in them.
    static let pausing: Set<TicketStatus> = [.waitingForReply, .onHold]

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Field(key: "status") public var status: TicketStatus
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "ended_at") public var endedAt: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $ticket, $status, $startedAt, $endedAt] }

    public init() {}
}
