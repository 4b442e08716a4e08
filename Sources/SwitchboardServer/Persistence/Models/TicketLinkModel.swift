import Fluent
import Foundation
import SwitchboardCore

/// A relation between two tickets, stored once, from the ticket it was made on.
public final class TicketLinkModel: Model, @unchecked Sendable {
    public static let schema = "ticket_links"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "source_id") public var source: TicketModel
    @Parent(key: "target_id") public var target: TicketModel
    @Field(key: "kind") public var kind: TicketLinkKind
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $source, $target, $kind, $createdAt] }

    public init() {}

    public init(sourceID: Int, targetID: Int, kind: TicketLinkKind, createdAt: Date) {
        self.$source.id = sourceID
        self.$target.id = targetID
        self.kind = kind
        self.createdAt = createdAt
    }
}
