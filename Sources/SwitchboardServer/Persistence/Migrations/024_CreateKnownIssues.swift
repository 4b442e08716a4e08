import Fluent

/// Known issues (issue 15): problems with broader impact, documented for the operations
/// meetings, and the tickets they were seen in.
struct CreateKnownIssues: AsyncMigration {
    var name: String { "024_CreateKnownIssues" }

    func prepare(on database: any Database) async throws {
        try await database.schema(KnownIssueModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("symptoms", .string, .required)
            .field("impact", .string, .required)
            .field("workaround", .string)
            .field("components", .string, .required)
            .field("versions", .string, .required)
            .field("state", .string, .required)
            .field("published", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .field("resolution", .string)
            .create()
        try await database.schema(KnownIssueTicketModel.schema)
            .id()
            .field("known_issue_id", .int, .required, .references(KnownIssueModel.schema, .id, onDelete: .cascade))
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "known_issue_id", "ticket_id")
            .create()
        try await createIndexes(on: database, table: KnownIssueTicketModel.schema, [("known_issue_tickets_ticket", ["ticket_id"])])
        try await createIndexes(on: database, table: KnownIssueModel.schema, [("known_issues_updated", ["updated_at"])])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KnownIssueTicketModel.schema).delete()
        try await database.schema(KnownIssueModel.schema).delete()
    }
}
