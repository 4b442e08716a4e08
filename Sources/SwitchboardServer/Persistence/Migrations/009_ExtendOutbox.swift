import Fluent

/// What the mail worker needs on each outbox row (issue 5): headers, an optional HTML body,
/// attempts, the next attempt, the last error, failure; and a person's wish to be mailed
/// about their own changes.
struct ExtendOutbox: AsyncMigration {
    var name: String { "009_ExtendOutbox" }

    func prepare(on database: any Database) async throws {
        for (field, type) in [("html_body", DatabaseSchema.DataType.string), ("headers", .string), ("attempts", .int),
                              ("next_attempt_at", .datetime), ("last_error", .string), ("failed_at", .datetime),
                              ("lease_until", .datetime)] {
            try await database.schema(OutboxMessageModel.schema).field(.string(field), type).update()
        }
        try await database.schema(UserModel.schema).field("notify_own_changes", .bool).update()
        // The worker asks for unsent, unfailed messages whose next attempt is due.
        try await createIndexes(on: database, table: OutboxMessageModel.schema, [("outbox_due", ["sent_at", "failed_at", "next_attempt_at"])])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserModel.schema).deleteField("notify_own_changes").update()
        for field in ["html_body", "headers", "attempts", "next_attempt_at", "last_error", "failed_at", "lease_until"] {
            try await database.schema(OutboxMessageModel.schema).deleteField(.string(field)).update()
        }
    }
}
