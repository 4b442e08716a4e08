import Fluent
import SQLKit

/// The product catalogue, component releases with their stage history, the repositories'
/// sync state, and on tickets the fixed component (the version is `fixed_version`), when the
/// fix was recorded, and the release that closed the ticket.
struct CreateReleases: AsyncMigration {
    var name: String { "016_CreateReleases" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ProductModel.schema)
            .id()
            .field("name", .string, .required)
            .field("owner_unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id))
            .field("description", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(ComponentModel.schema)
            .id()
            .field("product_id", .uuid, .required, .references(ProductModel.schema, .id))
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(ReleaseModel.schema)
            .id()
            .field("component_id", .uuid, .required, .references(ComponentModel.schema, .id))
            .field("version", .string, .required)
            .field("stage", .string, .required)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .field("stage_changed_at", .datetime, .required)
            .unique(on: "component_id", "version")
            .create()
        try await database.schema(ReleaseStageChangeModel.schema)
            .id()
            .field("release_id", .uuid, .required, .references(ReleaseModel.schema, .id))
            .field("from_stage", .string)
            .field("to_stage", .string, .required)
            .field("reason", .string)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(RepositorySyncModel.schema)
            .id()
            .field("name", .string, .required)
            .field("url", .string, .required)
            .field("stage", .string, .required)
            .field("last_attempt_at", .datetime)
            .field("last_success_at", .datetime)
            .field("last_error", .string)
            .field("package_count", .int)
            .field("checksum", .string)
            .unique(on: "name")
            .create()
        // One column at a time: SQLite adds one per ALTER TABLE.
        for (name, type) in [("fixed_component", DatabaseSchema.DataType.string), ("fixed_at", .datetime), ("closed_by_release_id", .uuid)] {
            try await database.schema(TicketModel.schema).field(FieldKey(stringLiteral: name), type).update()
        }
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX tickets_fixed_component ON tickets (fixed_component)").run()
        try await sql.raw("CREATE INDEX release_stage_changes_release ON release_stage_changes (release_id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX tickets_fixed_component").run()
        for name in ["fixed_component", "fixed_at", "closed_by_release_id"] {
            try await database.schema(TicketModel.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
        for schema in [RepositorySyncModel.schema, ReleaseStageChangeModel.schema, ReleaseModel.schema, ComponentModel.schema, ProductModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
