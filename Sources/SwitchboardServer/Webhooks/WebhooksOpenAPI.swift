import SwitchboardCore

/// The webhooks part of the OpenAPI document.
extension OpenAPIDocument {
    static let webhookID = pathParameter("webhookID", uuid)
    static let deliveryID = pathParameter("deliveryID", uuid)

    static let webhookPaths: [(String, JSONValue)] = [
        ("/api/v1/webhooks", [
            "get": operation("The webhook endpoints one keeps (administrators: all; unit admins: their units')", id: "listWebhooks",
                             responses: [("200", ok("Endpoints", array(ref("Webhook"))))]),
            "post": operation("Register an endpoint (administrators for any unit or all; unit admins for their unit); without a secret, one is made and shown once",
                              id: "registerWebhook", body: json(ref("NewWebhookInput")), responses: [("201", ok("The endpoint", ref("Webhook")))]),
        ]),
        ("/api/v1/webhooks/{webhookID}", [
            "get": operation("One endpoint", id: "getWebhook", parameters: [webhookID], responses: [("200", ok("The endpoint", ref("Webhook")))]),
            "patch": operation("Change an endpoint: the keys given", id: "updateWebhook", parameters: [webhookID], body: json(ref("WebhookInput")),
                               responses: [("200", ok("The endpoint", ref("Webhook")))]),
            "delete": operation("Remove an endpoint and its log", id: "removeWebhook", parameters: [webhookID], responses: [("204", ["description": "Removed"])]),
        ]),
        ("/api/v1/webhooks/{webhookID}/deliveries", ["get": operation(
            "An endpoint's deliveries, newest first", id: "listWebhookDeliveries",
            parameters: [webhookID, queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": .number(WebhookOperations.deliveryLogMaxRows)],
                                                   "At most this many (default 50)")],
            responses: [("200", ok("Deliveries", array(ref("WebhookDelivery"))))])]),
        ("/api/v1/webhooks/{webhookID}/deliveries/{deliveryID}/redelivery", ["post": operation(
            "Send a delivery's body again, as a new delivery", id: "redeliverWebhook", parameters: [webhookID, deliveryID],
            responses: [("201", ok("The new delivery", ref("WebhookDelivery")))])]),
    ]

    static func webhookInput(required: [String]) -> JSONValue {
        object([
            ("url", ["type": "string", "format": "uri", "description": "An http or https address"]),
            ("secret", ["type": "string", "minLength": .number(WebhookRules.secretMinLength), "maxLength": .number(WebhookRules.secretMaxLength)]),
            ("unit", ["type": "string", "description": "A unit's id or name; absent: every unit (administrators only)"]),
            ("events", ["type": "array", "items": enumeration(TicketEventKind.self), "description": "Empty or absent: every kind"]),
            ("includeInternal", boolean), ("active", boolean),
        ], required: required)
    }

    static let webhookSchemas: [(String, JSONValue)] = [
        ("NewWebhookInput", webhookInput(required: ["url"])),
        ("WebhookInput", webhookInput(required: [])),
        ("Webhook", object([
            ("id", uuid), ("url", string), ("secret", ["type": "string", "description": "Only in the answer to a registration without a secret"]),
            ("unit", nullableString), ("events", array(string)), ("includeInternal", boolean), ("active", boolean),
            ("deactivatedReason", nullableString), ("registeredBy", string), ("createdAt", dateTime),
        ], required: ["id", "url", "unit", "events", "includeInternal", "active", "deactivatedReason", "registeredBy", "createdAt"])),
        ("WebhookDelivery", object([
            ("id", uuid), ("event", ["type": ["integer", "null"]]), ("eventKind", string), ("ticket", ["type": ["integer", "null"]]),
            ("state", enumeration(WebhookDeliveryState.self)), ("attempts", integer), ("nextAttemptAt", nullableDateTime),
            ("lastStatusCode", ["type": ["integer", "null"]]), ("lastDurationMs", ["type": ["integer", "null"]]), ("lastError", nullableString),
            ("createdAt", dateTime), ("deliveredAt", nullableDateTime),
        ], required: ["id", "event", "eventKind", "ticket", "state", "attempts", "nextAttemptAt", "lastStatusCode", "lastDurationMs",
                      "lastError", "createdAt", "deliveredAt"])),
    ]
}
