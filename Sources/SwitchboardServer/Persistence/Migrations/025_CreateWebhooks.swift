import Fluent

/// Webhook endpoints and their deliveries, written in the same transaction as the event they
/// carry (the transactional outbox of issue 18).
struct CreateWebhooks: AsyncMigration {
    var name: String { "025_CreateWebhooks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(WebhookModel.schema)
            .id()
            .field("url", .string, .required)
            .field("secret", .string, .required)
            .field("unit_id", .uuid, .references(SupportUnitModel.schema, .id, onDelete: .cascade))
            .field("kinds", .string, .required)
            .field("include_internal", .bool, .required)
            .field("active", .bool, .required)
            .field("deactivated_reason", .string)
            .field("registered_by", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("registered_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(WebhookDeliveryModel.schema)
            .id()
            .field("webhook_id", .uuid, .required, .references(WebhookModel.schema, .id, onDelete: .cascade))
            .field("event_id", .int)
            .field("event_kind", .string, .required)
            .field("ticket_id", .int)
            .field("payload", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime)
            .field("lease_until", .datetime)
            .field("last_status_code", .int)
            .field("last_duration_ms", .int)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .create()
        try await createIndexes(on: database, table: WebhookDeliveryModel.schema, [
            ("webhook_deliveries_due", ["state", "next_attempt_at"]),
            ("webhook_deliveries_endpoint", ["webhook_id", "created_at"]),
        ])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WebhookDeliveryModel.schema).delete()
        try await database.schema(WebhookModel.schema).delete()
    }
}
