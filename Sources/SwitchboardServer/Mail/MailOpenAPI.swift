import SwitchboardCore

/// The Mail part of the OpenAPI document.
extension OpenAPIDocument {
    static let mailPaths: [(String, JSONValue)] = [
        ("/api/v1/outbox", ["get": operation(
            "Outgoing mail by state (administrators)", id: "listOutbox",
            parameters: [
                queryParameter("state", ["type": "string", "enum": ["failed", "pending", "sent"]], "Which messages (default failed)"),
                queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 1000], "At most this many (default 100)"),
            ],
            responses: [("200", ok("Messages", array(ref("OutboxMessage"))))])]),
        ("/api/v1/outbox/{messageID}/retry", ["post": operation(
            "Send a failed message again (administrators)", id: "retryMail", parameters: [pathParameter("messageID", uuid)],
            responses: [("200", ok("The message, due now", ref("OutboxMessage")))])]),
    ]

    static let mailSchemas: [(String, JSONValue)] = [
        ("OutboxMessage", object([
            ("id", uuid), ("ticket", integer), ("kind", string), ("recipients", array(string)), ("subject", string),
            ("createdAt", dateTime), ("attempts", integer), ("nextAttemptAt", dateTime), ("sentAt", dateTime), ("failedAt", dateTime),
            ("lastError", string),
        ], required: ["id", "kind", "recipients", "subject", "createdAt", "attempts"])),
    ]
}
