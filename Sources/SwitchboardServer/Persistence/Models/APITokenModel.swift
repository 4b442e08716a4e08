import Fluent
import Foundation

/// A bearer token. Only the SHA-256 digest of the token is stored; the token itself is
/// shown once, when it is issued.
public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    /// Hex SHA-256 of the token; unique and indexed, so checking a token is one index lookup.
    @Field(key: "digest") public var digest: String
    /// A label the owner chose ("laptop", "monitoring").
    @Field(key: "name") public var name: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $user, $digest, $name, $createdAt, $revokedAt] }

    public init() {}

    public init(id: UUID? = nil, userID: UUID, digest: String, name: String, createdAt: Date) {
        self.id = id
        self.$user.id = userID
        self.digest = digest
        self.name = name
        self.createdAt = createdAt
    }
}
