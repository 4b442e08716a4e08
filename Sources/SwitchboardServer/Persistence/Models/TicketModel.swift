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
    /// Lower-cased subject, for case-insensitive search on every database.
    @Field(key: "subject_folded") public var subjectFolded: String
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
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    func setPriority(_ priority: TicketPriority) {
        self.priority = priority
        self.priorityRank = priority.rank
    }

    func setSubject(_ subject: String) {
        self.subject = subject
        self.subjectFolded = subject.lowercased()
    }
}
