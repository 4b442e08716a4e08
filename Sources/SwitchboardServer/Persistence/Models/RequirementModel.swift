import Fluent
import Foundation
import SwitchboardCore

/// A requirement ticket's assessment: the effort second line estimated, the route it took, and
/// for the requirements queue the spawned ticket there (its id, its page, its last status).
public final class RequirementModel: Model, @unchecked Sendable {
    public static let schema = "requirements"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Field(key: "person_days") public var personDays: Double
    @Field(key: "estimated_at") public var estimatedAt: Date
    /// Who estimated, by name (history reads the same after the person is renamed).
    @Field(key: "estimated_by") public var estimatedBy: String
    @OptionalField(key: "route") public var route: RequirementRoute?
    @OptionalField(key: "routed_at") public var routedAt: Date?
    /// The requirement's ticket number in the requirements queue.
    @OptionalField(key: "tracker_id") public var trackerID: String?
    @OptionalField(key: "tracker_url") public var trackerURL: String?
    /// The queue's status at the last sync (RT: new, open, stalled, resolved, rejected, deleted).
    @OptionalField(key: "tracker_status") public var trackerStatus: String?
    @OptionalField(key: "checked_at") public var checkedAt: Date?
    /// When the sync saw the queue decide (resolved or rejected) and solved our ticket.
    @OptionalField(key: "decided_at") public var decidedAt: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $ticket, $personDays, $estimatedAt, $estimatedBy, $route, $routedAt, $trackerID, $trackerURL,
         $trackerStatus, $checkedAt, $decidedAt]
    }

    public init() {}

    /// What the queue has made of it; nil unless it went there.
    public var outcome: TrackedRequirementOutcome? {
        guard route == .requirementsQueue, trackerID != nil else { return nil }
        return TrackedRequirementOutcome(trackerStatus: trackerStatus ?? "new")
    }
}
