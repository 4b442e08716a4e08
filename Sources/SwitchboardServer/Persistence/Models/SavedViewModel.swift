import Fluent
import Foundation

/// A saved search: the search page's query string under a name, either a person's own
/// (`owner`) or shared with a unit's members (`unit`); exactly one of the two is set.
public final class SavedViewModel: Model, @unchecked Sendable {
    public static let schema = "saved_views"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "owner_id") public var owner: UserModel?
    @OptionalParent(key: "unit_id") public var unit: SupportUnitModel?
    @Field(key: "name") public var name: String
    /// The search's query string without a cursor (`status=new,assigned&sort=priority-desc`).
    @Field(key: "query") public var query: String
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $owner, $unit, $name, $query, $createdAt] }

    public init() {}
}
