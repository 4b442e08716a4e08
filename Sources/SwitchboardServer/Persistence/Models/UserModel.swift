import Fluent
import Foundation

/// A person who can sign in: submitter, supporter or administrator.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    /// Lower-cased, unique.
    @Field(key: "email") public var email: String
    @Field(key: "display_name") public var displayName: String
    /// bcrypt hash; checked only at sign-in.
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "is_admin") public var isAdmin: Bool
    @Field(key: "created_at") public var createdAt: Date
    /// Mail me about my own changes too (default: no).
    @OptionalField(key: "notify_own_changes") public var notifyOwnChanges: Bool?

    @Children(for: \.$user) public var memberships: [MembershipModel]

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $email, $displayName, $passwordHash, $isAdmin, $createdAt, $notifyOwnChanges, $memberships]
    }

    public init() {}

    public init(id: UUID? = nil, email: String, displayName: String, passwordHash: String, isAdmin: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
        self.createdAt = createdAt
    }
}
