import Fluent

/// Who may see a mailed reply's quoted text (a supporter's quote may hold internal notes).
struct AddQuotedVisibility: AsyncMigration {
    var name: String { "013_AddQuotedVisibility" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CommentModel.schema).field("quoted_visibility", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CommentModel.schema).deleteField("quoted_visibility").update()
    }
}
