import Fluent
import Foundation
import SwitchboardCore

/// A diary entry: public (the submitter sees it) or internal (supporters only).
public final class CommentModel: Model, @unchecked Sendable {
    public static let schema = "comments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @OptionalParent(key: "author_id") public var author: UserModel?
    @Field(key: "body") public var body: String
    @Field(key: "visibility") public var visibility: Visibility
    @Field(key: "created_at") public var createdAt: Date
    /// For a reply by mail: the earlier text it quoted, shown folded.
    @OptionalField(key: "quoted") public var quoted: String?
    /// Who may see the quoted text: a supporter's mail may quote internal notes, so their
    /// quote is for supporters only even when the comment is public. Absent means public.
    @OptionalField(key: "quoted_visibility") public var quotedVisibility: Visibility?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $ticket, $author, $body, $visibility, $createdAt, $quoted, $quotedVisibility]
    }

    public init() {}

    public init(id: UUID? = nil, ticketID: Int, authorID: UUID?, body: String, visibility: Visibility, createdAt: Date) {
        self.id = id ?? .randomV4()
        self.$ticket.id = ticketID
        self.$author.id = authorID
        self.body = body
        self.visibility = visibility
        self.createdAt = createdAt
    }
}
