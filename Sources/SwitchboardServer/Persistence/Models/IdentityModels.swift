import Fluent
import Foundation
import SwitchboardCore

/// A person's identity at an OpenID Connect provider: the provider's `sub`, stored with its
/// issuer, is what a federated sign-in is matched by (never the e-mail address).
public final class FederatedIdentityModel: Model, @unchecked Sendable {
    public static let schema = "federated_identities"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "provider_key") public var providerKey: String
    @Field(key: "issuer") public var issuer: String
    @Field(key: "subject") public var subject: String
    /// The address the provider last asserted (shown to administrators; not used to match).
    @OptionalField(key: "email") public var email: String?
    /// The entitlements of the last sign-in, a JSON array: the person's VO choices.
    @Field(key: "entitlements") public var entitlementsJSON: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_sign_in_at") public var lastSignInAt: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $user, $providerKey, $issuer, $subject, $email, $entitlementsJSON, $createdAt, $lastSignInAt]
    }

    public init() {}

    init(userID: UUID, providerKey: String, issuer: String, subject: String, email: String?, entitlements: [String], createdAt: Date) {
        self.$user.id = userID
        self.providerKey = providerKey
        self.issuer = issuer
        self.subject = subject
        self.email = email
        self.entitlements = entitlements
        self.createdAt = createdAt
    }

    var entitlements: [String] {
        get { EntitlementsColumn.read(entitlementsJSON) }
        set { entitlementsJSON = EntitlementsColumn.written(newValue) }
    }
}

/// Entitlements as the identity tables keep them: a JSON array of strings.
enum EntitlementsColumn {
    static func read(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    static func written(_ entitlements: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(entitlements)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// A sign-in sent to a provider and not back yet: what its answer must carry (`state`, kept
/// as a digest), what the ID token must repeat (`nonce`), the PKCE verifier, and the browser
/// it started in (a digest of a cookie's value), so that nobody can finish it in another one.
public final class OIDCAuthorizationModel: Model, @unchecked Sendable {
    public static let schema = "oidc_authorizations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "state_digest") public var stateDigest: String
    @Field(key: "browser_digest") public var browserDigest: String
    @Field(key: "provider_key") public var providerKey: String
    @Field(key: "nonce") public var nonce: String
    @Field(key: "code_verifier") public var codeVerifier: String
    @OptionalField(key: "next") public var next: String?
    @Field(key: "expires_at") public var expiresAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $stateDigest, $browserDigest, $providerKey, $nonce, $codeVerifier, $next, $expiresAt]
    }

    public init() {}
}

/// A federated identity whose e-mail address belongs to an existing local account: linked only
/// when that account's owner confirms with its password (or an administrator links it).
public final class IdentityLinkRequestModel: Model, @unchecked Sendable {
    public static let schema = "identity_link_requests"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_digest") public var tokenDigest: String
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "provider_key") public var providerKey: String
    @Field(key: "issuer") public var issuer: String
    @Field(key: "subject") public var subject: String
    @Field(key: "email") public var email: String
    @Field(key: "entitlements") public var entitlementsJSON: String
    @OptionalField(key: "next") public var next: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $tokenDigest, $user, $providerKey, $issuer, $subject, $email, $entitlementsJSON, $next, $createdAt,
         $expiresAt]
    }

    public init() {}

    var entitlements: [String] {
        get { EntitlementsColumn.read(entitlementsJSON) }
        set { entitlementsJSON = EntitlementsColumn.written(newValue) }
    }
}

/// An administrator's rule: people whose provider asserts an entitlement matching `pattern`
/// are members of the unit (with `role`) while it does.
public final class EntitlementRuleModel: Model, @unchecked Sendable {
    public static let schema = "entitlement_rules"

    @ID(key: .id) public var id: UUID?
    @Field(key: "pattern") public var pattern: String
    @Parent(key: "unit_id") public var unit: SupportUnitModel
    @Field(key: "role") public var role: MembershipRole
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $pattern, $unit, $role, $createdAt] }

    public init() {}

    init(pattern: String, unitID: UUID, role: MembershipRole, createdAt: Date) {
        self.pattern = pattern
        self.$unit.id = unitID
        self.role = role
        self.createdAt = createdAt
    }

    var rule: RuleMemberships.Rule {
        get throws { RuleMemberships.Rule(id: try requireID(), pattern: EntitlementPattern(pattern), unitID: $unit.id, role: role) }
    }
}
