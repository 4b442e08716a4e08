import Fluent
import SQLKit

/// One search document per ticket: its subject, its description and the words of its comments
/// together, the public and the internal ones apart, so that a search is one full-text query —
/// every term, in what the reader may see — that the index answers by intersecting the words'
/// lists, instead of a union per term of the ticket's matches and its comments' (at a million
/// tickets with three million comments, two common words in closed tickets: SQLite 164 →
/// 45 ms, PostgreSQL from no answer within 5 s to 32 ms, by the benchmark).
///
/// SQLite: `ticket_words`, a contentless FTS5 table (the text stays in `tickets` and
/// `comments`) with four columns — subject, description, public comments, internal comments —
/// so a row is always written whole: triggers write it when a ticket is filed, and again from
/// the ticket and all its comments when its subject or description changes or a comment comes
/// or goes. Comments are joined with `commentBreak` between them, a character that is a word
/// of its own to the tokenizer but that no search can contain, so a phrase never runs from one
/// comment into the next. Replaces the FTS5 tables of migrations 027 and 030.
///
/// PostgreSQL: `ticket_words` rows with two `tsvector`s, `public_words` (the ticket's stored
/// words and its public comments') and `all_words` (with the internal comments' too), each
/// indexed by GIN and rewritten by triggers (per statement for comments, so a bulk insert
/// writes each ticket once) from the stored words of migration 029,
/// with a lexeme no search can contain between the parts for the same reason. The comments'
/// own index is no longer read and is dropped.
struct OneSearchDocumentPerTicket: AsyncMigration {
    var name: String { "031_OneSearchDocumentPerTicket" }

    /// A private-use character: a token character to FTS5's `unicode61`, never a letter or
    /// digit of a search (`SearchText`).
    static let commentBreak = " \u{E000} "

    /// The columns a reader who does not see internal entries may match (SQLite).
    static let publicColumns = "{subject description public_comments}"

    /// The row of ticket `id` (an SQL expression for the ticket's number), as written whole.
    static func document(of id: String) -> String {
        documents(where: "id = \(id)", ticketNumber: id)
    }

    /// The rows of the tickets `condition` picks, each written whole; `ticketNumber` is the
    /// SQL expression of a picked ticket's number in the comments' subqueries.
    static func documents(where condition: String, ticketNumber: String = "tickets.id") -> String {
        func comments(_ visibility: String) -> String {
            "coalesce((SELECT group_concat(body, '\(commentBreak)') FROM comments WHERE ticket_id = \(ticketNumber) AND visibility = '\(visibility)'), '')"
        }
        return """
            INSERT OR REPLACE INTO ticket_words(rowid, subject, description, public_comments, internal_comments)
            SELECT id, subject, description, \(comments("public")), \(comments("internal")) FROM tickets WHERE \(condition)
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

    /// PostgreSQL's separator: one lexeme at the next position, made of a character no search
    /// word has.
    static let postgresBreak = "('''' || chr(57344) || ''':1')::tsvector"

    /// PostgreSQL: the statement that writes the documents of the tickets whose numbers the SQL
    /// `tickets` selects, from their stored words and their comments'.
    static func postgresDocuments(of tickets: String) -> String {
        """
        INSERT INTO ticket_words(ticket_id, public_words, all_words)
        SELECT t.id, t.search_document || \(postgresBreak) || coalesce(c.public_words, ''),
               t.search_document || \(postgresBreak) || coalesce(c.public_words, '') || \(postgresBreak) || coalesce(c.internal_words, '')
        FROM tickets AS t
        LEFT JOIN LATERAL (
            SELECT switchboard_words(search_document || \(postgresBreak) ORDER BY created_at, id) FILTER (WHERE visibility = 'public') AS public_words,
                   switchboard_words(search_document || \(postgresBreak) ORDER BY created_at, id) FILTER (WHERE visibility = 'internal') AS internal_words
            FROM comments WHERE comments.ticket_id = t.id) AS c ON true
        WHERE t.id IN (\(tickets))
        ON CONFLICT (ticket_id) DO UPDATE SET public_words = excluded.public_words, all_words = excluded.all_words
        """
    }

    /// A PL/pgSQL trigger function that runs one statement.
    static func triggerFunction(_ name: String, _ statement: String) -> String {
        """
        CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            \(statement);
            RETURN NULL;
        END $$
        """
    }

    static let postgresStatements = [
        "CREATE AGGREGATE switchboard_words(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')",
        """
        CREATE TABLE ticket_words (
            ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
            public_words tsvector NOT NULL,
            all_words tsvector NOT NULL)
        """,
        triggerFunction("ticket_words_of_new_tickets",
                        "INSERT INTO ticket_words(ticket_id, public_words, all_words) SELECT id, search_document, search_document FROM added"),
        triggerFunction("ticket_words_of_changed_ticket", postgresDocuments(of: "NEW.id")),
        triggerFunction("ticket_words_of_added_comments", postgresDocuments(of: "SELECT DISTINCT ticket_id FROM added")),
        triggerFunction("ticket_words_of_removed_comments", postgresDocuments(of: "SELECT DISTINCT ticket_id FROM removed")),
        """
        CREATE TRIGGER ticket_words_ticket_insert AFTER INSERT ON tickets REFERENCING NEW TABLE AS added
            FOR EACH STATEMENT EXECUTE FUNCTION ticket_words_of_new_tickets()
        """,
        """
        CREATE TRIGGER ticket_words_ticket_update AFTER UPDATE OF subject, description ON tickets FOR EACH ROW
            WHEN (old.subject IS DISTINCT FROM new.subject OR old.description IS DISTINCT FROM new.description)
            EXECUTE FUNCTION ticket_words_of_changed_ticket()
        """,
        """
        CREATE TRIGGER ticket_words_comment_insert AFTER INSERT ON comments REFERENCING NEW TABLE AS added
            FOR EACH STATEMENT EXECUTE FUNCTION ticket_words_of_added_comments()
        """,
        """
        CREATE TRIGGER ticket_words_comment_delete AFTER DELETE ON comments REFERENCING OLD TABLE AS removed
            FOR EACH STATEMENT EXECUTE FUNCTION ticket_words_of_removed_comments()
        """,
        postgresDocuments(of: "SELECT id FROM tickets"),
        "CREATE INDEX ticket_words_public ON ticket_words USING GIN (public_words)",
        "CREATE INDEX ticket_words_all ON ticket_words USING GIN (all_words)",
        "DROP INDEX comments_search_document",
        // The planner's word frequencies, which the search's choice of plan reads.
        "ANALYZE ticket_words",
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        guard DatabaseSetup.isSQLite(database) else {
            for statement in Self.postgresStatements { try await sql.raw(SQLQueryString(statement)).run() }
            return
        }
        for trigger in Self.replacedTriggers { try await sql.raw("DROP TRIGGER \(ident: trigger)").run() }
        try await sql.raw("DROP TABLE tickets_search").run()
        try await sql.raw("DROP TABLE comments_search").run()
        for statement in Self.statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        guard DatabaseSetup.isSQLite(database) else {
            for statement in [
                "DROP TRIGGER ticket_words_ticket_insert ON tickets", "DROP TRIGGER ticket_words_ticket_update ON tickets",
                "DROP TRIGGER ticket_words_comment_insert ON comments", "DROP TRIGGER ticket_words_comment_delete ON comments",
                "DROP FUNCTION ticket_words_of_new_tickets", "DROP FUNCTION ticket_words_of_changed_ticket",
                "DROP FUNCTION ticket_words_of_added_comments", "DROP FUNCTION ticket_words_of_removed_comments",
                "DROP TABLE ticket_words", "DROP AGGREGATE switchboard_words(tsvector)",
                "CREATE INDEX comments_search_document ON comments USING GIN (search_document)",
            ] {
                try await sql.raw(SQLQueryString(statement)).run()
            }
            return
        }
        for trigger in ["ticket_words_ticket_insert", "ticket_words_ticket_update", "ticket_words_ticket_delete",
                        "ticket_words_comment_insert", "ticket_words_comment_delete"] {
            try await sql.raw("DROP TRIGGER \(ident: trigger)").run()
        }
        try await sql.raw("DROP TABLE ticket_words").run()
        for statement in CreateTicketSearch.sqliteStatements { try await sql.raw(SQLQueryString(statement)).run() }
        try await NumberCommentWordsByTicket().prepare(on: database)
    }
}
