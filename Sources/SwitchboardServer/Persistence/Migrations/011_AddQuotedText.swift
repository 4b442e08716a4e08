import Fluent

/// The earlier text a mailed reply quoted: cut off the comment, kept to be shown folded.
struct AddQuotedText: AsyncMigration {
    var name: String { "011_AddQuotedText" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CommentModel.schema).field("quoted", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CommentModel.schema).deleteField("quoted").update()
    }
}
