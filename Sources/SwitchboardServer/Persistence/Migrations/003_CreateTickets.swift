import Fluent
import SQLKit

struct CreateTickets: AsyncMigration {
    var name: String { "003_CreateTickets" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TicketModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("subject", .string, .required)
            .field("subject_folded", .string, .required)
            .field("description", .string, .required)
            .field("type", .string, .required)
            .field("category", .string, .required)
            .field("priority", .string, .required)
            .field("priority_rank", .int, .required)
            .field("status", .string, .required)
            .field("affected_site", .string)
            .field("vo", .string)
            .field("component", .string)
            .field("component_version", .string)
            .field("cc", .array(of: .string), .required)
            .field("notification_mode", .string, .required)
            .field("support_unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id))
            .field("assignee_id", .uuid, .references(UserModel.schema, .id))
            .field("submitter_id", .uuid, .required, .references(UserModel.schema, .id))
            .field("eta", .datetime)
            .field("fixed_version", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // The list filters and sort orders of GET /api/v1/tickets.
        try await createIndexes(on: database, table: TicketModel.schema, [
            ("tickets_status_created", ["status", "created_at", "id"]),
            ("tickets_status_updated", ["status", "updated_at", "id"]),
            ("tickets_status_priority", ["status", "priority_rank", "id"]),
            ("tickets_unit_created", ["support_unit_id", "created_at", "id"]),
            ("tickets_submitter_created", ["submitter_id", "created_at", "id"]),
            ("tickets_assignee_created", ["assignee_id", "created_at", "id"]),
            ("tickets_created", ["created_at", "id"]),
            ("tickets_updated", ["updated_at", "id"]),
            ("tickets_priority", ["priority_rank", "id"]),
        ])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TicketModel.schema).delete()
    }
}

/// Plain `CREATE INDEX`, which Fluent's schema builder does not offer.
func createIndexes(on database: any Database, table: String, _ indexes: [(name: String, columns: [String])]) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    for index in indexes {
        let builder = sql.create(index: index.name).on(table)
        for column in index.columns { builder.column(column) }
        try await builder.run()
    }
}
