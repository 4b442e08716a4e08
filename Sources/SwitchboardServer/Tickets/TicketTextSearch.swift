import Fluent
import FluentSQL
import Foundation
import SQLKit
import SwitchboardCore

/// The words of a ticket search as a filter on the tickets query: every term must match the
/// ticket's subject or description, or one of its comments the reader may see — internal
/// comments only for readers who see internal entries, so a submitter's search never finds a
/// ticket by words of an internal note. Uses the full-text indexes of migrations 029 and 031.
///
/// SQLite: one query of the ticket's search row (migration 031) with every term, in the
/// columns the reader may see; the index intersects the words' lists itself. The matches are
/// read first, unless they are common and nothing else narrows the list (`commonWordMatches`);
/// a list in ticket-number order then joins the index and walks it in that order
/// (`NumberOrder.searchIndex`), stopping after a page.
///
/// PostgreSQL: the ticket's search document (migration 031) too, with two plans chosen per
/// search. Rare words are read from their matches (the index finds a handful of tickets, which
/// are sorted). Common words are checked ticket by ticket in the list's own order, which stops
/// after a page: reading and sorting tens of thousands of matches for a page of 50 is what
/// made such searches slow (at a million tickets, two common words: search page 450 → 40 ms),
/// while checking a list in its order for a word that matches nothing reads the whole list.
enum TicketTextSearch {
    /// On SQLite, words are common when at least this many tickets have them all (counted up to
    /// that) and nothing else narrows the list. Such a list is read in its own order, checking
    /// each ticket against the matches: reading 225,000 matches of two common words and sorting
    /// them by the list's order took seconds, in list order 34 ms (a million tickets, three
    /// million comments, in the shell). A narrowed list holds the matches too sparsely in its
    /// order, and is read from the matches.
    static let commonWordMatches = 5_000
    /// On PostgreSQL, words are common when the rarest of them is, by the planner's statistics,
    /// in at least this many tickets (see `estimatedTogether`). Checking a ticket's stored words
    /// costs microseconds in list order, while reading a word's matches costs several per match,
    /// so narrowed lists are read in their order too (16 ms for the API's closed tickets; 32 ms
    /// with three comments per ticket).
    static let commonWordEstimate = 2_500

    /// Where a list in ticket-number order takes that order from.
    enum NumberOrder {
        /// The tickets' own numbers (`tickets.id`).
        case tickets
        /// The full-text index's row numbers, which are the ticket numbers (SQLite, words read
        /// from their matches): `searchIndexRowNumber`.
        case searchIndex
    }

    /// The row number of the full-text index joined to the list, for the order and the cursor.
    static let searchIndexRowNumber = SQLColumn("rowid", table: "ticket_words")

    /// `narrowed`: the list has other filters (status, unit, submitter, …) besides the words.
    /// `ranked`: the list is in order of relevance, which scores every match anyway, so it is
    /// read from the matches. `inNumberOrder`: the list is sorted by ticket number. Returns
    /// where that order is to be read from. `commonAbove` replaces the database's own threshold
    /// (tests force either plan with it).
    @discardableResult
    static func filter(_ query: QueryBuilder<TicketModel>, _ text: SearchText, includeInternal: Bool, narrowed: Bool, ranked: Bool = false,
                       inNumberOrder: Bool = false, on database: any Database, commonAbove threshold: Int? = nil) async throws -> NumberOrder {
        guard !text.terms.isEmpty else { return .tickets }
        if DatabaseSetup.isSQLite(database) {
            let match = sqliteMatch(text, includeInternal: includeInternal)
            let readInListOrder = narrowed || ranked ? false : try await areCommon(match, threshold: threshold ?? commonWordMatches, on: database)
            if !readInListOrder && inNumberOrder && !ranked {
                // FTS5 walks its matches by row number, which is the ticket number, in either
                // direction: joined and ordered by it, the list stops after a page instead of
                // collecting every match and sorting them (API row, two words in 58,000 tickets,
                // closed ones newest first, in the shell: 14.7 → 10 ms; untouched: 8.6 → 3.9 ms).
                query.query.joins.append(.custom(SQLRaw("INNER JOIN \"ticket_words\" ON \"ticket_words\".\"rowid\" = \"tickets\".\"id\"")))
                query.filter(.sql(embed: "\"ticket_words\" MATCH \(bind: match)"))
                return .searchIndex
            }
            // `+` keeps the planner from reading the tickets by these matches.
            let column: SQLQueryString = readInListOrder ? "+\"tickets\".\"id\"" : "\"tickets\".\"id\""
            query.filter(.sql(embed: "\(column) IN (SELECT rowid FROM ticket_words WHERE ticket_words MATCH \(bind: match))"))
            return .tickets
        }
        // The ticket's search document (migration 031): its words and those of the comments
        // the reader may see.
        let words: SQLQueryString = includeInternal ? "all_words" : "public_words"
        let match = text.terms.map { "(\($0.tsQuery))" }.joined(separator: " & ")
        if !ranked, try await estimatedTogether(text, on: database) >= threshold ?? commonWordEstimate {
            // Each ticket's document, looked up by its number as the list is read — unless the
            // ticket's own small document (migration 029, in the row) has the words already,
            // which is enough: the document begins with it. (API row, closed tickets, in psql:
            // 40 → 14 ms.)
            query.filter(.sql(embed: """
                ("tickets"."search_document" @@ to_tsquery('simple', \(bind: match)) \
                OR (SELECT \(words) FROM ticket_words WHERE ticket_words.ticket_id = "tickets"."id") @@ to_tsquery('simple', \(bind: match)))
                """))
        } else {
            // The matches as an array, collected once before the list is read: as `IN (SELECT …)`
            // the planner, guessing thousands of matches for a word it keeps no frequency of,
            // walked the whole list for a word nothing has (2 s at a million tickets; 0.6 ms so).
            query.filter(.sql(embed: """
                "tickets"."id" = ANY(ARRAY(SELECT ticket_id FROM ticket_words WHERE \(words) @@ to_tsquery('simple', \(bind: match))))
                """))
        }
        return .tickets
    }

    /// SQLite: whether at least `threshold` tickets match (counted up to the threshold, so
    /// asking costs no more than that).
    static func areCommon(_ match: String, threshold: Int, on database: any Database) async throws -> Bool {
        struct Count: Decodable { var matches: Int }
        let count = try await (database as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS matches FROM (SELECT rowid FROM ticket_words WHERE ticket_words MATCH \(bind: match) LIMIT \(bind: threshold))
            """).first(decoding: Count.self)?.matches ?? 0
        return count >= threshold
    }

    /// SQLite: the FTS5 query of every term, limited to the public columns for a reader who
    /// does not see internal entries.
    static func sqliteMatch(_ text: SearchText, includeInternal: Bool) -> String {
        let all = "(" + text.terms.map(\.fts5Query).joined(separator: " AND ") + ")"
        return includeInternal ? all : OneSearchDocumentPerTicket.publicColumns + " : " + all
    }

    /// PostgreSQL: how many tickets have the rarest of the words, by the frequencies `ANALYZE`
    /// keeps for the most common words of the stored search documents (a prefix counts the
    /// common words it begins). A word not among them counts as none: rare, or the statistics
    /// are missing, and reading its matches is right either way. (The planner's own estimate of
    /// a word it has no frequency for derives from the least common word it tracks, which for
    /// a small vocabulary is thousands of tickets: a word nothing has scanned the whole list,
    /// 317 ms at a million.) The rarest word's frequency bounds the words' together from above:
    /// words common apiece but rare together are read in list order, this plan's slow case (a
    /// long walk down the list), where reading their matches would cost the rarest word's
    /// thousands of tickets.
    static func estimatedTogether(_ text: SearchText, on database: any Database) async throws -> Int {
        struct Estimate: Decodable { var tickets: Double? }
        let patterns = text.terms.flatMap { term in
            term.words.enumerated().map { index, word in term.prefix && index == term.words.count - 1 ? word + "%" : word }
        }
        guard !patterns.isEmpty else { return 0 }
        let estimate = try await (database as! any SQLDatabase).raw("""
            SELECT ((SELECT reltuples FROM pg_class WHERE oid = 'ticket_words'::regclass) * min(frequency))::float8 AS tickets FROM (
                SELECT (SELECT coalesce(sum(common.frequency), 0)
                        FROM pg_stats AS stats, unnest(stats.most_common_elems::text::text[], stats.most_common_elem_freqs) AS common(word, frequency)
                        WHERE stats.schemaname = current_schema() AND stats.tablename = 'ticket_words' AND stats.attname = 'all_words'
                          AND common.word LIKE pattern) AS frequency
                FROM unnest(\(bind: patterns)::text[]) AS pattern) AS words
            """).first(decoding: Estimate.self)
        return Int(max(0, estimate?.tickets ?? 0))
    }
}
