import Fluent

/// A person's choice of list columns and dashboard lists.
struct CreateListPreferences: AsyncMigration {
    var name: String { "022_CreateListPreferences" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ListPreferencesModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("columns", .string, .required)
            .field("dashboard", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ListPreferencesModel.schema).delete()
    }
}
