import Fluent
import Foundation

/// A signed-in browser. The cookie carries a random token; only its SHA-256 digest is stored,
/// with the CSRF token that the session's forms must echo.
public final class WebSessionModel: Model, @unchecked Sendable {
    public static let schema = "web_sessions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "digest") public var digest: String
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $user, $digest, $csrfToken, $createdAt, $expiresAt] }

    public init() {}
}
