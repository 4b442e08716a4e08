import Fluent
import Foundation
import SwitchboardCore

/// A file attached to a ticket. The bytes live in the database, so that a ticket and its
/// files are written, backed up and restored together.
public final class AttachmentModel: Model, @unchecked Sendable {
    public static let schema = "attachments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @OptionalParent(key: "uploader_id") public var uploader: UserModel?
    @Field(key: "filename") public var filename: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "size") public var size: Int
    @Field(key: "visibility") public var visibility: Visibility
    @Field(key: "data") public var data: Data
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $ticket, $uploader, $filename, $contentType, $size, $visibility, $data, $createdAt]
    }

    public init() {}
}
