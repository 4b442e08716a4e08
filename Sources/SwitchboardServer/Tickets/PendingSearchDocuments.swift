import SQLKit

/// The search documents of the tickets a transaction changed, written just before it commits
/// (SQLite; migration 035 says why). The write gate calls `write` after the last change of each
/// transaction, outside every change's savepoint.
enum PendingSearchDocuments {
    /// The tickets whose documents are to be written, noted by triggers.
    static let table = "ticket_words_pending"

    /// Writes the noted tickets' documents whole (a ticket that is gone has none) and forgets
    /// the notes. With nothing noted, two statements that find nothing.
    static func write(on sql: any SQLDatabase) async throws {
        try await sql.raw(SQLQueryString(OneSearchDocumentPerTicket.documents(where: "id IN (SELECT ticket_id FROM \(table))"))).run()
        try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
    }
}
