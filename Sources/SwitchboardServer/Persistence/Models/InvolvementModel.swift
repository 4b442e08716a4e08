import Fluent
import Foundation

/// A unit or a person involved in a ticket without owning it: they get its notifications
/// and may contribute. Exactly one of `unit` and `user` is set.
public final class InvolvementModel: Model, @unchecked Sendable {
    public static let schema = "involvements"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @OptionalParent(key: "unit_id") public var unit: SupportUnitModel?
    @OptionalParent(key: "user_id") public var user: UserModel?
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $ticket, $unit, $user, $createdAt] }

    public init() {}

    public init(ticketID: Int, unitID: UUID?, userID: UUID?, createdAt: Date) {
        self.$ticket.id = ticketID
        self.$unit.id = unitID
        self.$user.id = userID
        self.createdAt = createdAt
    }
}
