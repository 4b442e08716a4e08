import SwitchboardCore

/// The Platform part of the OpenAPI document.
extension OpenAPIDocument {
    static let platformPaths: [(String, JSONValue)] = [
        ("/health", ["get": operation("Liveness", id: "health", responses: [("200", ok("Running", ref("Health")))], public: true)]),
        ("/ready", ["get": operation("Readiness: the database answers", id: "ready", responses: [
            ("200", ok("Ready", ref("Health"))), ("503", ok("Database unavailable", ref("Health"))),
        ], public: true)]),
    ]

    static let platformSchemas: [(String, JSONValue)] = [
        ("Problem", object([
            ("type", string), ("title", string), ("status", integer), ("detail", string),
            ("errors", ["type": "object", "additionalProperties": array(string)]),
        ], required: ["type", "title", "status", "detail"])),
        ("Health", object([("status", string), ("detail", string)], required: ["status"])),
    ]
}
