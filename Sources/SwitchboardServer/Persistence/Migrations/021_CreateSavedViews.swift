import Fluent

/// Saved searches: a person's own, or shared with a unit by its admins.
struct CreateSavedViews: AsyncMigration {
    var name: String { "021_CreateSavedViews" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SavedViewModel.schema)
            .id()
            .field("owner_id", .uuid, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("unit_id", .uuid, .references(SupportUnitModel.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("query", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await createIndexes(on: database, table: SavedViewModel.schema, [
            ("saved_views_owner", ["owner_id"]), ("saved_views_unit", ["unit_id"]),
        ])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SavedViewModel.schema).delete()
    }
}
