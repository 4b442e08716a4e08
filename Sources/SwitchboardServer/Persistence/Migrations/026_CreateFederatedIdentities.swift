import Fluent

/// Federated sign-in (issue 18): identities at OpenID Connect providers linked to accounts,
/// sign-ins under way, links waiting for the account owner's password, the administrators'
/// entitlement rules, and the mark on memberships such a rule granted.
struct CreateFederatedIdentities: AsyncMigration {
    var name: String { "026_CreateFederatedIdentities" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FederatedIdentityModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("provider_key", .string, .required)
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("email", .string)
            .field("entitlements", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_sign_in_at", .datetime)
            .unique(on: "issuer", "subject")
            .create()
        try await createIndexes(on: database, table: FederatedIdentityModel.schema, [("federated_identities_user", ["user_id"])])
        try await database.schema(OIDCAuthorizationModel.schema)
            .id()
            .field("state_digest", .string, .required)
            .field("browser_digest", .string, .required)
            .field("provider_key", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("next", .string)
            .field("expires_at", .datetime, .required)
            .unique(on: "state_digest")
            .create()
        try await database.schema(IdentityLinkRequestModel.schema)
            .id()
            .field("token_digest", .string, .required)
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("provider_key", .string, .required)
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("email", .string, .required)
            .field("entitlements", .string, .required)
            .field("next", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_digest")
            .create()
        try await database.schema(EntitlementRuleModel.schema)
            .id()
            .field("pattern", .string, .required)
            .field("unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "pattern", "unit_id")
            .create()
        try await database.schema(MembershipModel.schema).field("granted_by_rule", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MembershipModel.schema).deleteField("granted_by_rule").update()
        try await database.schema(EntitlementRuleModel.schema).delete()
        try await database.schema(IdentityLinkRequestModel.schema).delete()
        try await database.schema(OIDCAuthorizationModel.schema).delete()
        try await database.schema(FederatedIdentityModel.schema).delete()
    }
}
