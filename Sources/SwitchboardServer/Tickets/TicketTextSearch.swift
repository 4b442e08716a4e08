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
/// columns the reader may see; the index intersects the words' lists itself (two common words
/// at a million tickets with three million comments: about 20 ms, read in either order).
///
/// PostgreSQL, two plans chosen per search. Rare words are read from their matches (the index
/// finds a handful of tickets, which are sorted). Common words are checked ticket by ticket in
/// the list's own order, which stops after a page: reading and sorting tens of thousands of
/// matches for a page of 50 is what made such searches slow (at a million tickets, two common
/// words: search page 450 → 26 ms), while checking a list in its order for a word that matches
/// nothing reads the whole list. A term's matches in tickets and in comments are joined with
/// `UNION ALL`: `IN` does not mind a ticket found twice.
enum TicketTextSearch {
    /// On PostgreSQL, words are common when the rarest of them is, by the planner's statistics,
    /// in at least this many tickets (see `estimatedTogether`). Checking a ticket's stored words
    /// costs about a microsecond in list order, while reading a word's matches costs several per
    /// match, so narrowed lists are read in their order too (11 ms for the API's closed tickets).
    static let commonWordEstimate = 2_500

    /// `ranked`: the list is in order of relevance, which scores every match anyway, so it is
    /// read from the matches. `commonAbove` replaces PostgreSQL's threshold (tests force either
    /// plan with it).
    static func filter(_ query: QueryBuilder<TicketModel>, _ text: SearchText, includeInternal: Bool, ranked: Bool = false,
                       on database: any Database, commonAbove threshold: Int? = nil) async throws {
        guard !text.terms.isEmpty else { return }
        if DatabaseSetup.isSQLite(database) {
            query.filter(.sql(embed: """
                "tickets"."id" IN (SELECT rowid FROM ticket_words WHERE ticket_words MATCH \(bind: sqliteMatch(text, includeInternal: includeInternal)))
                """))
            return
        }
        let visibility: SQLQueryString = includeInternal ? "" : " AND visibility = 'public'"
        let readInListOrder = ranked ? false : try await estimatedTogether(text, on: database) >= threshold ?? commonWordEstimate
        for term in text.terms {
            let match = term.tsQuery
            if readInListOrder {
                // Each ticket's stored words, or its comments' matches (hashed once).
                query.filter(.sql(embed: """
                    ("tickets"."search_document" @@ to_tsquery('simple', \(bind: match)) \
                    OR "tickets"."id" IN (SELECT ticket_id FROM comments WHERE search_document @@ to_tsquery('simple', \(bind: match))\(visibility)))
                    """))
            } else {
                query.filter(.sql(embed: """
                    "tickets"."id" IN (SELECT id FROM tickets WHERE search_document @@ to_tsquery('simple', \(bind: match)) \
                    UNION ALL SELECT ticket_id FROM comments WHERE search_document @@ to_tsquery('simple', \(bind: match))\(visibility))
                    """))
            }
        }
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
            SELECT ((SELECT reltuples FROM pg_class WHERE oid = 'tickets'::regclass) * min(frequency))::float8 AS tickets FROM (
                SELECT (SELECT coalesce(sum(common.frequency), 0)
                        FROM pg_stats AS stats, unnest(stats.most_common_elems::text::text[], stats.most_common_elem_freqs) AS common(word, frequency)
                        WHERE stats.schemaname = current_schema() AND stats.tablename = 'tickets' AND stats.attname = 'search_document'
                          AND common.word LIKE pattern) AS frequency
                FROM unnest(\(bind: patterns)::text[]) AS pattern) AS words
            """).first(decoding: Estimate.self)
        return Int(max(0, estimate?.tickets ?? 0))
    }
}
