import SwitchboardCore

/// The federated identities part of the OpenAPI document.
extension OpenAPIDocument {
    static let identityPaths: [(String, JSONValue)] = [
        ("/api/v1/entitlement-rules", [
            "get": operation("The entitlement rules (administrators)", id: "listEntitlementRules",
                             responses: [("200", ok("Rules", array(ref("EntitlementRule"))))]),
            "post": operation("Add a rule: people whose provider asserts a matching entitlement are members of the unit while it does (administrators)",
                              id: "createEntitlementRule", body: json(ref("NewEntitlementRule")), responses: [("201", ok("The rule", ref("EntitlementRule")))]),
        ]),
        ("/api/v1/entitlement-rules/{ruleID}", ["delete": operation(
            "Remove a rule and the memberships it granted (administrators)", id: "removeEntitlementRule", parameters: [pathParameter("ruleID", uuid)],
            responses: [("204", ["description": "Removed"])])]),
        ("/api/v1/users/{userID}/identities", [
            "get": operation("A person's identities at sign-in providers (their own, or any for administrators)", id: "listIdentities",
                             parameters: [pathParameter("userID", uuid)], responses: [("200", ok("Identities", array(ref("Identity"))))]),
            "post": operation("Link an identity at a configured provider to the account (administrators)", id: "linkIdentity",
                              parameters: [pathParameter("userID", uuid)], body: json(ref("IdentityLink")), responses: [("201", ok("The identity", ref("Identity")))]),
        ]),
        ("/api/v1/users/{userID}/identities/{identityID}", ["delete": operation(
            "Unlink an identity (administrators)", id: "unlinkIdentity", parameters: [pathParameter("userID", uuid), pathParameter("identityID", uuid)],
            responses: [("204", ["description": "Unlinked"])])]),
    ]

    static let identitySchemas: [(String, JSONValue)] = [
        ("NewEntitlementRule", object([
            ("entitlement", ["type": "string", "description": "An entitlement URN; without #authority any authority; a final * matches the rest"]),
            ("unit", uuid), ("role", enumeration(MembershipRole.self)),
        ], required: ["entitlement", "unit"])),
        ("EntitlementRule", object([
            ("id", uuid), ("entitlement", string), ("unit", uuid), ("unitName", string), ("role", enumeration(MembershipRole.self)), ("createdAt", dateTime),
        ], required: ["id", "entitlement", "unit", "unitName", "role", "createdAt"])),
        ("IdentityLink", object([("issuer", string), ("subject", string)], required: ["issuer", "subject"])),
        ("Identity", object([
            ("id", uuid), ("provider", string), ("issuer", string), ("subject", string), ("email", nullableString), ("entitlements", array(string)),
            ("virtualOrganisations", array(string)), ("createdAt", dateTime), ("lastSignInAt", nullableDateTime),
        ], required: ["id", "provider", "issuer", "subject", "entitlements", "virtualOrganisations", "createdAt"])),
    ]
}
