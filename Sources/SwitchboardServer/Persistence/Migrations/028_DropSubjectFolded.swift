import Fluent
import SQLKit

/// The lower-cased subject served the substring search that the full-text index of migration
/// 027 replaced; nothing reads it any more, so it is no longer written either.
struct DropSubjectFolded: AsyncMigration {
    var name: String { "028_DropSubjectFolded" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("ALTER TABLE tickets DROP COLUMN subject_folded").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE tickets ADD COLUMN subject_folded TEXT NOT NULL DEFAULT ''").run()
        try await sql.raw("UPDATE tickets SET subject_folded = lower(subject)").run()
    }
}
