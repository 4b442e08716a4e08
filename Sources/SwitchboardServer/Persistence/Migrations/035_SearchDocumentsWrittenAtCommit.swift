import Fluent
import SQLKit

/// SQLite: a ticket's search document is written once per transaction, just before its commit,
/// instead of by the triggers of migration 031 in the middle of each change.
///
/// FTS5 writes what it holds in memory to the index as a new segment at every `SAVEPOINT`, and
/// the write gate opens one for each change of a shared transaction (`WriteGate`): every filing
/// made a segment of one document, and merging those segments was a tenth of the writer's time at
/// a million tickets, with pauses of hundreds of milliseconds when a merge reached the larger
/// segments. Now the triggers only note the ticket (`ticket_words_pending`); the gate writes the
/// noted tickets' documents, whole, after the last change of the transaction and before its
/// `COMMIT` (`PendingSearchDocuments`), so readers still see a change and its words together,
/// and a change rolled back to its savepoint takes its notes with it. A write made outside the
/// gate (hand-written SQL) is indexed by the next transaction of the gate.
struct SearchDocumentsWrittenAtCommit: AsyncMigration {
    var name: String { "035_SearchDocumentsWrittenAtCommit" }

    /// The triggers of migration 031 that now note the ticket instead, with the ticket's number.
    static let noting = [
        ("ticket_words_ticket_insert", "AFTER INSERT ON tickets", "new.id"),
        ("ticket_words_ticket_update", "AFTER UPDATE OF subject, description ON tickets", "new.id"),
        ("ticket_words_comment_insert", "AFTER INSERT ON comments", "new.ticket_id"),
        ("ticket_words_comment_delete", "AFTER DELETE ON comments", "old.ticket_id"),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseSetup.isSQLite(database) else { return }
        try await sql.raw("CREATE TABLE \(unsafeRaw: PendingSearchDocuments.table) (ticket_id INTEGER PRIMARY KEY)").run()
        for (name, event, ticket) in Self.noting {
            try await sql.raw("DROP TRIGGER \(ident: name)").run()
            try await sql.raw(SQLQueryString("""
                CREATE TRIGGER \(name) \(event) BEGIN
                    INSERT OR IGNORE INTO \(PendingSearchDocuments.table)(ticket_id) VALUES (\(ticket));
                END
                """)).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseSetup.isSQLite(database) else { return }
        try await PendingSearchDocuments.write(on: sql)
        for (name, _, _) in Self.noting {
            try await sql.raw("DROP TRIGGER \(ident: name)").run()
            guard let original = OneSearchDocumentPerTicket.statements.first(where: { $0.hasPrefix("CREATE TRIGGER \(name) ") }) else { continue }
            try await sql.raw(SQLQueryString(original)).run()
        }
        try await sql.raw("DROP TABLE \(unsafeRaw: PendingSearchDocuments.table)").run()
    }
}
