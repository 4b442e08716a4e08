import Fluent

struct CreateTicketHistory: AsyncMigration {
    var name: String { "004_CreateTicketHistory" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CommentModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("author_id", .uuid, .references(UserModel.schema, .id))
            .field("body", .string, .required)
            .field("visibility", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(AttachmentModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("uploader_id", .uuid, .references(UserModel.schema, .id))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("visibility", .string, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(TicketEventModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("kind", .string, .required)
            .field("visibility", .string, .required)
            .field("actor_id", .uuid, .references(UserModel.schema, .id))
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .field("changes", .string, .required)
            .field("note", .string)
            .field("comment_id", .uuid, .references(CommentModel.schema, .id))
            .field("attachment_id", .uuid, .references(AttachmentModel.schema, .id))
            .create()
        try await database.schema(TicketLinkModel.schema)
            .id()
            .field("source_id", .int, .required, .references(TicketModel.schema, .id))
            .field("target_id", .int, .required, .references(TicketModel.schema, .id))
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "source_id", "target_id")
            .create()
        try await database.schema(InvolvementModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("unit_id", .uuid, .references(SupportUnitModel.schema, .id))
            .field("user_id", .uuid, .references(UserModel.schema, .id))
            .field("created_at", .datetime, .required)
            .create()
        try await createIndexes(on: database, table: TicketEventModel.schema, [("ticket_events_ticket", ["ticket_id", "id"])])
        try await createIndexes(on: database, table: CommentModel.schema, [("comments_ticket", ["ticket_id"])])
        try await createIndexes(on: database, table: AttachmentModel.schema, [("attachments_ticket", ["ticket_id"])])
        try await createIndexes(on: database, table: TicketLinkModel.schema, [("ticket_links_target", ["target_id"])])
        try await createIndexes(on: database, table: InvolvementModel.schema, [("involvements_ticket", ["ticket_id"])])
    }

    func revert(on database: any Database) async throws {
        for schema in [InvolvementModel.schema, TicketLinkModel.schema, TicketEventModel.schema, AttachmentModel.schema, CommentModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
