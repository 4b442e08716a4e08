import Fluent

/// People who subscribe to a ticket by mail without being part of it.
struct CreateTicketSubscriptions: AsyncMigration {
    var name: String { "012_CreateTicketSubscriptions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TicketSubscriptionModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id))
            .field("created_at", .datetime, .required)
            .unique(on: "ticket_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TicketSubscriptionModel.schema).delete()
    }
}
