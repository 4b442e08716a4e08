import Fluent

/// Every message the mail gate took, by Message-ID, so that a message delivered twice is
/// added once, and so that senders can be rate-limited.
struct CreateInboundMessages: AsyncMigration {
    var name: String { "010_CreateInboundMessages" }

    func prepare(on database: any Database) async throws {
        try await database.schema(InboundMessageModel.schema)
            .id()
            .field("message_id", .string, .required)
            .field("sender", .string, .required)
            .field("received_at", .datetime, .required)
            .field("outcome", .string, .required)
            .field("ticket_id", .int, .references(TicketModel.schema, .id))
            .unique(on: "message_id")
            .create()
        try await createIndexes(on: database, table: InboundMessageModel.schema, [("inbound_sender_received", ["sender", "received_at"])])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InboundMessageModel.schema).delete()
    }
}
