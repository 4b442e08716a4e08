import Fluent
import Foundation
import SwitchboardCore

/// A known issue (seed 000, the feedback to operations): a problem that affects more than one
/// submitter, documented with its symptoms, impact and workaround. A draft is for supporters;
/// a published one anyone may read.
public final class KnownIssueModel: Model, @unchecked Sendable {
    public static let schema = "known_issues"

    /// The number people quote: KI-12.
    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Field(key: "title") public var title: String
    @Field(key: "symptoms") public var symptoms: String
    @Field(key: "impact") public var impact: String
    @OptionalField(key: "workaround") public var workaround: String?
    /// Affected components, comma-separated as entered (none: empty).
    @Field(key: "components") public var components: String
    /// Affected versions, comma-separated.
    @Field(key: "versions") public var versions: String
    @Field(key: "state") public var state: KnownIssueState
    @Field(key: "published") public var published: Bool
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "resolved_at") public var resolvedAt: Date?
    /// How it was resolved: the words of the supporter, or the release that brought the fix.
    @OptionalField(key: "resolution") public var resolution: String?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $title, $symptoms, $impact, $workaround, $components, $versions, $state, $published, $createdAt,
         $createdBy, $updatedAt, $resolvedAt, $resolution]
    }

    public init() {}

    public var componentList: [String] { KnownIssueText.list(components) }
    public var versionList: [String] { KnownIssueText.list(versions) }
}

/// A ticket a known issue was seen in.
public final class KnownIssueTicketModel: Model, @unchecked Sendable {
    public static let schema = "known_issue_tickets"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "known_issue_id") public var knownIssue: KnownIssueModel
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $knownIssue, $ticket, $createdAt] }

    public init() {}
}
