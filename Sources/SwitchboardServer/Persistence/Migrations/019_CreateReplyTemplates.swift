import Fluent

/// Units' reply templates.
struct CreateReplyTemplates: AsyncMigration {
    var name: String { "019_CreateReplyTemplates" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ReplyTemplateModel.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id))
            .field("name", .string, .required)
            .field("body", .string, .required)
            .field("usage_count", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "unit_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReplyTemplateModel.schema).delete()
    }
}
