import Fluent
import Foundation

/// A person who subscribes to a ticket: they are mailed about its public events, whatever the
/// submitter's notification mode. Anyone who may read a ticket may subscribe to it.
public final class TicketSubscriptionModel: Model, @unchecked Sendable {
    public static let schema = "ticket_subscriptions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $ticket, $user, $createdAt] }

    public init() {}

    public init(ticketID: Int, userID: UUID, createdAt: Date) {
        self.id = UUID()
        self.$ticket.id = ticketID
        self.$user.id = userID
        self.createdAt = createdAt
    }
}
