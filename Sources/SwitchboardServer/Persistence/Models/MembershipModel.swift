import Fluent
import Foundation
import SwitchboardCore

/// A user's membership of a support unit.
public final class MembershipModel: Model, @unchecked Sendable {
    public static let schema = "memberships"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Parent(key: "unit_id") public var unit: SupportUnitModel
    @Field(key: "role") public var role: MembershipRole
    /// The entitlement rule that granted the membership; nil when it was given by hand. Such a
    /// membership follows the person's entitlements at each federated sign-in.
    @OptionalField(key: "granted_by_rule") public var grantedByRule: UUID?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $user, $unit, $role, $grantedByRule] }

    public init() {}

    public init(userID: UUID, unitID: UUID, role: MembershipRole) {
        self.$user.id = userID
        self.$unit.id = unitID
        self.role = role
    }
}
