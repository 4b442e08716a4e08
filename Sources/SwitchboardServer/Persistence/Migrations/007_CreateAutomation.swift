import Fluent

struct CreateAutomation: AsyncMigration {
    var name: String { "007_CreateAutomation" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TimerModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("kind", .string, .required)
            .field("sequence", .int, .required)
            .field("due_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(OutboxMessageModel.schema)
            .id()
            .field("ticket_id", .int, .references(TicketModel.schema, .id))
            .field("event_id", .int, .references(TicketEventModel.schema, .id))
            .field("recipients", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        try await database.schema(TicketEventModel.schema)
            .field("rule", .string)
            .update()
        // The runner asks for the earliest due timers; cancelling asks by ticket.
        try await createIndexes(on: database, table: TimerModel.schema, [("timers_due", ["due_at"]), ("timers_ticket", ["ticket_id", "kind"])])
        try await createIndexes(on: database, table: OutboxMessageModel.schema, [("outbox_unsent", ["sent_at", "created_at"])])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TicketEventModel.schema).deleteField("rule").update()
        try await database.schema(OutboxMessageModel.schema).delete()
        try await database.schema(TimerModel.schema).delete()
    }
}
