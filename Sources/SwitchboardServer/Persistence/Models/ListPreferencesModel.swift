import Fluent
import Foundation

/// How a person likes their ticket lists: the columns shown and the dashboard's lists. One row
/// per person who changed anything; no row means the defaults.
public final class ListPreferencesModel: Model, @unchecked Sendable {
    public static let schema = "list_preferences"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    /// Column names, comma-separated (`status,priority,unit`); empty for none.
    @Field(key: "columns") public var columns: String
    /// Dashboard lists, comma-separated (`assigned,view:<id>`); nil for the default dashboard.
    @OptionalField(key: "dashboard") public var dashboard: String?
    @Field(key: "updated_at") public var updatedAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $user, $columns, $dashboard, $updatedAt] }

    public init() {}
}
