import Fluent
import SQLKit

/// SQLite: one full-text row per ticket, `ticket_words`, with its subject, its description, the
/// words of its public comments and those of its internal comments as four columns. A search
/// is then one FTS5 query — every term, in the columns the reader may see — that the index
/// answers by intersecting the words' lists, instead of a union per term of the ticket's
/// matches and its comments' (at a million tickets with three million comments, two common
/// words in closed tickets: 164 → 21 ms in the shell).
///
/// The table is contentless (the text stays in `tickets` and `comments`), so a row is always
/// written whole: triggers write it when a ticket is filed, and write it again from the ticket
/// and all its comments when its subject or description changes or a comment comes or goes.
/// Comments are joined with `commentBreak` between them, a character that is a word of its own
/// to the tokenizer but that no search can contain, so a phrase never runs from one comment
/// into the next. Replaces the indexes of migrations 027 and 030; PostgreSQL is untouched.
struct OneSearchDocumentPerTicket: AsyncMigration {
    var name: String { "031_OneSearchDocumentPerTicket" }

    /// A private-use character: a token character to FTS5's `unicode61`, never a letter or
    /// digit of a search (`SearchText`).
    static let commentBreak = " \u{E000} "

    /// The columns a reader who does not see internal entries may match.
    static let publicColumns = "{subject description public_comments}"

    /// The row of ticket `id` (an SQL expression for the ticket's number), as written whole.
    static func document(of id: String) -> String {
        func comments(_ visibility: String) -> String {
            "coalesce((SELECT group_concat(body, '\(commentBreak)') FROM comments WHERE ticket_id = \(id) AND visibility = '\(visibility)'), '')"
        }
        return """
            INSERT OR REPLACE INTO ticket_words(rowid, subject, description, public_comments, internal_comments)
            SELECT id, subject, description, \(comments("public")), \(comments("internal")) FROM tickets WHERE id = \(id)
            """
    }

    static let statements = [
        """
        CREATE VIRTUAL TABLE ticket_words USING fts5(subject, description, public_comments, internal_comments,
            content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')
        """,
        """
        CREATE TRIGGER ticket_words_ticket_insert AFTER INSERT ON tickets BEGIN
            INSERT INTO ticket_words(rowid, subject, description, public_comments, internal_comments)
            VALUES (new.id, new.subject, new.description, '', '');
        END
        """,
        "CREATE TRIGGER ticket_words_ticket_update AFTER UPDATE OF subject, description ON tickets BEGIN \(document(of: "new.id")); END",
        "CREATE TRIGGER ticket_words_ticket_delete AFTER DELETE ON tickets BEGIN DELETE FROM ticket_words WHERE rowid = old.id; END",
        "CREATE TRIGGER ticket_words_comment_insert AFTER INSERT ON comments BEGIN \(document(of: "new.ticket_id")); END",
        "CREATE TRIGGER ticket_words_comment_delete AFTER DELETE ON comments BEGIN \(document(of: "old.ticket_id")); END",
        """
        INSERT INTO ticket_words(rowid, subject, description, public_comments, internal_comments)
        SELECT id, subject, description,
               coalesce((SELECT group_concat(body, '\(commentBreak)') FROM comments WHERE ticket_id = tickets.id AND visibility = 'public'), ''),
               coalesce((SELECT group_concat(body, '\(commentBreak)') FROM comments WHERE ticket_id = tickets.id AND visibility = 'internal'), '')
        FROM tickets
        """,
    ]

    static let replacedTriggers = ["tickets_search_insert", "tickets_search_update", "tickets_search_delete", "comments_search_insert", "comments_search_delete"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseSetup.isSQLite(database) else { return }
        for trigger in Self.replacedTriggers { try await sql.raw("DROP TRIGGER \(ident: trigger)").run() }
        try await sql.raw("DROP TABLE tickets_search").run()
        try await sql.raw("DROP TABLE comments_search").run()
        for statement in Self.statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseSetup.isSQLite(database) else { return }
        for trigger in ["ticket_words_ticket_insert", "ticket_words_ticket_update", "ticket_words_ticket_delete",
                        "ticket_words_comment_insert", "ticket_words_comment_delete"] {
            try await sql.raw("DROP TRIGGER \(ident: trigger)").run()
        }
        try await sql.raw("DROP TABLE ticket_words").run()
        for statement in CreateTicketSearch.sqliteStatements { try await sql.raw(SQLQueryString(statement)).run() }
        try await NumberCommentWordsByTicket().prepare(on: database)
    }
}
