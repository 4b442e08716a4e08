import Fluent
import Foundation
import SwitchboardCore

/// A product of the catalogue (dCache, CREAM, ARGUS, …), owned by a third-line unit.
public final class ProductModel: Model, @unchecked Sendable {
    public static let schema = "products"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Parent(key: "owner_unit_id") public var ownerUnit: SupportUnitModel
    @OptionalField(key: "description") public var productDescription: String?
    @Field(key: "created_at") public var createdAt: Date
    @Children(for: \.$product) public var components: [ComponentModel]

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $name, $ownerUnit, $productDescription, $createdAt, $components] }

    public init() {}
}

/// A package name that ships a product (`dcache`, `glite-ce-cream`, `argus-pap`).
public final class ComponentModel: Model, @unchecked Sendable {
    public static let schema = "components"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "product_id") public var product: ProductModel
    @Field(key: "name") public var name: String
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $product, $name, $createdAt] }

    public init() {}
}

/// A version of a component on its way to production.
public final class ReleaseModel: Model, @unchecked Sendable {
    public static let schema = "releases"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "component_id") public var component: ComponentModel
    @Field(key: "version") public var version: String
    @Field(key: "stage") public var stage: ReleaseStage
    /// Why it was rejected.
    @OptionalField(key: "reason") public var reason: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "stage_changed_at") public var stageChangedAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $component, $version, $stage, $reason, $createdAt, $stageChangedAt] }

    public init() {}
}

/// One move of a release, by a person or by the repository sync.
public final class ReleaseStageChangeModel: Model, @unchecked Sendable {
    public static let schema = "release_stage_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "release_id") public var release: ReleaseModel
    /// Nil when the release was announced (or first seen) with this change.
    @OptionalField(key: "from_stage") public var fromStage: ReleaseStage?
    @Field(key: "to_stage") public var toStage: ReleaseStage
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at") public var at: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $release, $fromStage, $toStage, $reason, $actorID, $actorName, $at] }

    public init() {}
}

/// What the last sync of a configured repository found.
public final class RepositorySyncModel: Model, @unchecked Sendable {
    public static let schema = "repository_syncs"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "url") public var url: String
    @Field(key: "stage") public var stage: ReleaseStage
    @OptionalField(key: "last_attempt_at") public var lastAttemptAt: Date?
    @OptionalField(key: "last_success_at") public var lastSuccessAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "package_count") public var packageCount: Int?
    /// The primary metadata's checksum at the last successful sync.
    @OptionalField(key: "checksum") public var checksum: String?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $name, $url, $stage, $lastAttemptAt, $lastSuccessAt, $lastError, $packageCount, $checksum]
    }

    public init() {}
}
