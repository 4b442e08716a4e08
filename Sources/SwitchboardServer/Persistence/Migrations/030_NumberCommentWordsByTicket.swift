import Fluent
import SQLKit

/// SQLite: each comment's row in the full-text index `comments_search` gets a row number that
/// says its ticket and visibility — `ticket << 20 | internal << 19 | n` — so a search reads
/// the tickets of a word's comment matches from the index alone. Before, each match read its
/// ticket and visibility from the index's stored columns, one lookup per comment: for a word in
/// 200,000 of 3,000,000 comments that was most of a half-second search. A ticket holds up to
/// 524,288 comments of each visibility. PostgreSQL is untouched (migration 029).
struct NumberCommentWordsByTicket: AsyncMigration {
    var name: String { "030_NumberCommentWordsByTicket" }

    static let ticketShift = 20
    static let internalBit = 1 << 19

    /// The index row number of a new comment: one past the last of its ticket and visibility.
    static let nextRowID = """
        (SELECT coalesce(max(rowid) + 1, (new.ticket_id << 20) | (CASE new.visibility WHEN 'internal' THEN 524288 ELSE 0 END))
         FROM comments_search
         WHERE rowid BETWEEN (new.ticket_id << 20) | (CASE new.visibility WHEN 'internal' THEN 524288 ELSE 0 END)
                         AND (new.ticket_id << 20) | (CASE new.visibility WHEN 'internal' THEN 1048575 ELSE 524287 END))
        """

    func prepare(on database: any Database) async throws {
        try await Self.runOnSQLite(database, [
            "DROP TRIGGER comments_search_insert",
            "DROP TRIGGER comments_search_delete",
            "DELETE FROM comments_search",
            """
            INSERT INTO comments_search(rowid, body, ticket_id, visibility, comment_id)
            SELECT ((ticket_id << 20) | (CASE visibility WHEN 'internal' THEN 524288 ELSE 0 END))
                   + (row_number() OVER (PARTITION BY ticket_id, visibility ORDER BY rowid) - 1),
                   body, ticket_id, visibility, id
            FROM comments
            """,
            """
            CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
                INSERT INTO comments_search(rowid, body, ticket_id, visibility, comment_id)
                VALUES (\(Self.nextRowID), new.body, new.ticket_id, new.visibility, new.id);
            END
            """,
            // Comments are never edited; a deleted one is looked for among its ticket's rows only.
            """
            CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
                DELETE FROM comments_search
                WHERE rowid BETWEEN old.ticket_id << 20 AND (old.ticket_id << 20) | 1048575 AND comment_id = old.id;
            END
            """,
        ])
    }

    func revert(on database: any Database) async throws {
        try await Self.runOnSQLite(database, [
            "DROP TRIGGER comments_search_insert",
            "DROP TRIGGER comments_search_delete",
            "DELETE FROM comments_search",
            "INSERT INTO comments_search(body, ticket_id, visibility, comment_id) SELECT body, ticket_id, visibility, id FROM comments",
        ] + CreateTicketSearch.sqliteStatements.filter { $0.contains("TRIGGER comments_search") })
    }

    private static func runOnSQLite(_ database: any Database, _ statements: [String]) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseSetup.isSQLite(database) else { return }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }
}
