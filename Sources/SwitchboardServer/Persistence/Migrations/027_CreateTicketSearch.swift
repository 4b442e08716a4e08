import Fluent
import SQLKit

/// Full-text search over subjects, descriptions and comments (issue 16), kept in step by the
/// database itself in the transaction of every change, and filled from what exists.
///
/// SQLite: FTS5 tables (tokenizer `unicode61 remove_diacritics 2`). `tickets_search` indexes
/// the tickets table's subject and description (external content, rowid = ticket number),
/// written by triggers on insert, on a change of either column and on delete.
/// `comments_search` holds each comment's words with its ticket and visibility (comments are
/// never changed; a deleted one is removed by its id; migration 030 numbers the rows by ticket). PostgreSQL: GIN indexes on
/// `to_tsvector('simple', …)` of the same text (replaced by stored columns in migration 029).
struct CreateTicketSearch: AsyncMigration {
    var name: String { "027_CreateTicketSearch" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if DatabaseSetup.isSQLite(database) {
            for statement in Self.sqliteStatements { try await sql.raw(SQLQueryString(statement)).run() }
        } else {
            for statement in Self.postgresStatements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    static let sqliteStatements = [
        """
        CREATE VIRTUAL TABLE tickets_search USING fts5(subject, description, content='tickets', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2')
        """,
        """
        CREATE VIRTUAL TABLE comments_search USING fts5(body, ticket_id UNINDEXED, visibility UNINDEXED, comment_id UNINDEXED,
            tokenize='unicode61 remove_diacritics 2')
        """,
        """
        CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN
            INSERT INTO tickets_search(rowid, subject, description) VALUES (new.id, new.subject, new.description);
        END
        """,
        """
        CREATE TRIGGER tickets_search_update AFTER UPDATE OF subject, description ON tickets BEGIN
            INSERT INTO tickets_search(tickets_search, rowid, subject, description) VALUES ('delete', old.id, old.subject, old.description);
            INSERT INTO tickets_search(rowid, subject, description) VALUES (new.id, new.subject, new.description);
        END
        """,
        """
        CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN
            INSERT INTO tickets_search(tickets_search, rowid, subject, description) VALUES ('delete', old.id, old.subject, old.description);
        END
        """,
        """
        CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
            INSERT INTO comments_search(body, ticket_id, visibility, comment_id) VALUES (new.body, new.ticket_id, new.visibility, new.id);
        END
        """,
        """
        CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
            DELETE FROM comments_search WHERE comment_id = old.id;
        END
        """,
        "INSERT INTO tickets_search(rowid, subject, description) SELECT id, subject, description FROM tickets",
        "INSERT INTO comments_search(body, ticket_id, visibility, comment_id) SELECT body, ticket_id, visibility, id FROM comments",
    ]

    static let postgresStatements = [
        "CREATE INDEX tickets_search ON tickets USING GIN (to_tsvector('simple', subject || ' ' || description))",
        "CREATE INDEX comments_search ON comments USING GIN (to_tsvector('simple', body))",
    ]

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if DatabaseSetup.isSQLite(database) {
            for trigger in ["tickets_search_insert", "tickets_search_update", "tickets_search_delete", "comments_search_insert", "comments_search_delete"] {
                try await sql.raw("DROP TRIGGER \(ident: trigger)").run()
            }
            try await sql.raw("DROP TABLE tickets_search").run()
            try await sql.raw("DROP TABLE comments_search").run()
        } else {
            try await sql.raw("DROP INDEX tickets_search").run()
            try await sql.raw("DROP INDEX comments_search").run()
        }
    }
}
