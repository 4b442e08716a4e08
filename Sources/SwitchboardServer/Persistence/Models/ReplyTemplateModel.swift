import Fluent
import Foundation

/// A unit's reply template (`ReplyTemplateText`, core), with how often replies used it.
public final class ReplyTemplateModel: Model, @unchecked Sendable {
    public static let schema = "reply_templates"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "unit_id") public var unit: SupportUnitModel
    @Field(key: "name") public var name: String
    @Field(key: "body") public var body: String
    @Field(key: "usage_count") public var usageCount: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $unit, $name, $body, $usageCount, $createdAt, $updatedAt] }

    public init() {}
}
