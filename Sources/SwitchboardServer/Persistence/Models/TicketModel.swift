import Fluent
import Foundation
import SwitchboardCore

/// The current state of a ticket: a projection of its events, written in the same
/// transaction as each event.
public final class TicketModel: Model, @unchecked Sendable {
    public static let schema = "tickets"

    /// The public ticket number.
    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Field(key: "subject") public var subject: String
    @Field(key: "description") public var description: String
    @Field(key: "type") public var type: TicketType
    @Field(key: "category") public var category: TicketCategory
    @Field(key: "priority") public var priority: TicketPriority
    /// `priority.rank`, so that sorting by priority is sorting by urgency.
    @Field(key: "priority_rank") public var priorityRank: Int
    @Field(key: "status") public var status: TicketStatus
    @OptionalField(key: "affected_site") public var affectedSite: String?
    @OptionalField(key: "vo") public var virtualOrganisation: String?
    @OptionalField(key: "component") public var component: String?
    @OptionalField(key: "component_version") public var componentVersion: String?
    @Field(key: "cc") public var cc: [String]
    @Field(key: "notification_mode") public var notificationMode: NotificationMode
    @Parent(key: "support_unit_id") public var supportUnit: SupportUnitModel
    @OptionalParent(key: "assignee_id") public var assignee: UserModel?
    @Parent(key: "submitter_id") public var submitter: UserModel
    @OptionalField(key: "eta") public var eta: Date?
    @OptionalField(key: "fixed_version") public var fixedVersion: String?
    /// The catalogue component the fix is in (`fixedVersion` is its version), once recorded.
    @OptionalField(key: "fixed_component") public var fixedComponent: String?
    /// When the product team recorded the fix and handed the ticket to the release unit.
    @OptionalField(key: "fixed_at") public var fixedAt: Date?
    /// The release whose arrival in production closed the ticket.
    @OptionalField(key: "closed_by_release_id") public var closedByReleaseID: UUID?
    /// For a ticket whose history was imported: its id in the file (unique).
    @OptionalField(key: "external_id") public var externalID: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    /// The last change a submitter may see (a public event); `updatedAt` also moves with internal ones.
    @OptionalField(key: "public_updated_at") public var publicUpdatedAt: Date?
    /// When the ticket entered its current status.
    @OptionalField(key: "status_since") public var statusSince: Date?
    /// The last reaction of a supporter (comment, status, assignment, priority, edit).
    @OptionalField(key: "supporter_reacted_at") public var supporterReactedAt: Date?
    /// The current unit's response clock (all nil for best effort): copied from its
    /// `ResponseClock`, so lists colour rows by comparing instants.
    @OptionalField(key: "response_started_at") public var responseStartedAt: Date?
    @OptionalField(key: "response_halfway_at") public var responseHalfwayAt: Date?
    @OptionalField(key: "response_warning_at") public var responseWarningAt: Date?
    @OptionalField(key: "response_due_at") public var responseDueAt: Date?
    /// The current unit's first reaction.
    @OptionalField(key: "responded_at") public var respondedAt: Date?
    /// Escalation steps the submitter took with the current unit (0–3) and when the last one was.
    @OptionalField(key: "escalation_step") public var escalationStep: Int?
    @OptionalField(key: "escalated_at") public var escalatedAt: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $subject, $description, $type, $category, $priority, $priorityRank, $status, $affectedSite,
         $virtualOrganisation, $component, $componentVersion, $cc, $notificationMode, $supportUnit, $assignee,
         $submitter, $eta, $fixedVersion, $fixedComponent, $fixedAt, $closedByReleaseID, $externalID, $createdAt,
         $updatedAt, $publicUpdatedAt, $statusSince, $supporterReactedAt, $responseStartedAt, $responseHalfwayAt,
         $responseWarningAt, $responseDueAt, $respondedAt, $escalationStep, $escalatedAt]
    }

    public init() {}

    /// The last change as a reader sees it: supporters see every change, others only public ones.
    func updatedAt(seesInternal: Bool) -> Date {
        seesInternal ? updatedAt : (publicUpdatedAt ?? updatedAt)
    }

    func setPriority(_ priority: TicketPriority) {
        self.priority = priority
        self.priorityRank = priority.rank
    }

    /// The response colour now: frozen at the unit's reaction; none for best effort, or for a
    /// ticket that ended without one.
    func responseColour(at now: Date) -> ResponseColour? {
        guard let halfway = responseHalfwayAt, let warning = responseWarningAt, let due = responseDueAt,
              let instant = respondedAt ?? (status.isOpen ? now : nil) else { return nil }
        return ResponseColour(at: instant, halfwayAt: halfway, warningAt: warning, dueAt: due)
    }

    /// Whether the current unit's target has passed without a reaction.
    func isResponseOverdue(at now: Date) -> Bool {
        guard let due = responseDueAt, respondedAt == nil, status.isOpen else { return false }
        return now >= due
    }

    /// Where the stale-ticket clock counts from: the later of the last supporter reaction and
    /// the start of the current status.
    var staleSince: Date {
        max(supporterReactedAt ?? createdAt, statusSince ?? createdAt)
    }
}
