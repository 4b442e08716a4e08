import SwitchboardCore

/// The Accounts part of the OpenAPI document.
extension OpenAPIDocument {
    static let accountPaths: [(String, JSONValue)] = [
        ("/api/v1/tokens", ["post": operation(
            "Issue a bearer token for email and password (403 where local passwords are switched off)", id: "issueToken", body: json(ref("TokenRequest")),
            responses: [("201", ok("The token, shown once", ref("Token"))),
                        ("429", problem.merging([("description", "Too many failed password checks for this account or address; see Retry-After")]))],
            public: true)]),
        ("/api/v1/tokens/{tokenID}", ["delete": operation(
            "Revoke one of your tokens", id: "revokeToken", parameters: [pathParameter("tokenID", uuid)],
            responses: [("204", ["description": "Revoked"])])]),
        ("/api/v1/users", ["post": operation(
            "Create a user (administrators)", id: "createUser", body: json(ref("NewUser")),
            responses: [("201", ok("Created", ref("User")))])]),
        ("/api/v1/users/me", ["get": operation("The signed-in user", id: "me", responses: [("200", ok("You", ref("User")))])]),
        ("/api/v1/users/{userID}", ["patch": operation(
            "Change a user's name, administrator flag or password (administrators)", id: "updateUser",
            parameters: [pathParameter("userID", uuid)], body: json(ref("UserUpdate")), responses: [("200", ok("The user", ref("User")))])]),
    ]

    static let accountSchemas: [(String, JSONValue)] = [
        ("TokenRequest", object([("email", string), ("password", string), ("name", string)], required: ["email", "password"])),
        ("Token", object([("id", uuid), ("token", string), ("name", string), ("createdAt", dateTime)], required: ["id", "token", "name", "createdAt"])),
        ("NewUser", object([("email", ["type": "string", "format": "email"]), ("displayName", text), ("password", ["type": "string", "minLength": 10]), ("isAdmin", boolean)],
                          required: ["email", "displayName", "password"])),
        ("UserUpdate", ["type": "object", "additionalProperties": false, "properties": [
            "displayName": text, "isAdmin": boolean, "password": ["type": "string", "minLength": 10],
        ]]),
        ("User", object([
            ("id", uuid), ("email", string), ("displayName", string), ("isAdmin", boolean),
            ("memberships", array(object([("unit", unitReference), ("role", enumeration(MembershipRole.self))], required: ["unit", "role"]))),
        ], required: ["id", "email", "displayName", "isAdmin", "memberships"])),
        ("PersonReference", personReference),
    ]
}
