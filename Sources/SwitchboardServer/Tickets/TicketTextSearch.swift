import Fluent
import FluentSQL
import Foundation
import SQLKit
import SwitchboardCore

/// The words of a ticket search as a filter on the tickets query: every term must match the
/// ticket's subject or description, or one of its comments the reader may see — internal
/// comments only for readers who see internal entries, so a submitter's search never finds a
/// ticket by words of an internal note. Uses the full-text indexes of migrations 027, 029 and 030.
///
/// Two plans, chosen per search. Rare words are read from their matches (the index finds a
/// handful of tickets, which are sorted). Common words are checked ticket by ticket in the
/// list's own order, which stops after a page: reading and sorting tens of thousands of matches
/// for a page of 50 is what made such searches slow (at a million tickets, two common words:
/// search page 149 → 31 ms on SQLite, 450 → 26 ms on PostgreSQL), while checking a list in its order for a
/// word that matches nothing reads the whole list.
///
/// A term's matches in tickets and in comments are joined with `UNION ALL`: `IN` does not mind a
/// ticket found twice, and removing duplicates first cost SQLite a second temporary index (two
/// common words in closed tickets: 25 → 16 ms in the shell).
enum TicketTextSearch {
    /// On SQLite, words are common when at least this many tickets have them all (counted up to
    /// that) and nothing else narrows the list: a list narrowed by other filters holds the
    /// matches too sparsely in its order (the API's closed tickets for two common words: 31 ms
    /// by their matches, 112 ms in list order).
    static let commonWordMatches = 5_000
    /// On PostgreSQL, words are common when the rarest of them is, by the planner's statistics,
    /// in at least this many tickets (see `estimatedTogether`). Checking a ticket's stored words
    /// costs about a microsecond in list order, while reading a word's matches costs several per
    /// match, so narrowed lists are read in their order too (11 ms for the API's closed tickets).
    static let commonWordEstimate = 2_500

    /// `narrowed`: the list has other filters (status, unit, submitter, …) besides the words.
    /// `ranked`: the list is in order of relevance, which scores every match anyway, so it is
    /// read from the matches. `commonAbove` replaces the database's own threshold (tests force
    /// either plan with it).
    static func filter(_ query: QueryBuilder<TicketModel>, _ text: SearchText, includeInternal: Bool, narrowed: Bool, ranked: Bool = false,
                       on database: any Database, commonAbove threshold: Int? = nil) async throws {
        if DatabaseSetup.isSQLite(database) {
            // A comment's index row number holds its ticket and visibility (migration 030).
            let visibility: SQLQueryString = includeInternal ? "" : " AND (rowid & \(unsafeRaw: String(NumberCommentWordsByTicket.internalBit))) = 0"
            let readInListOrder = narrowed || ranked ? false : try await areCommonTogether(text, threshold: threshold ?? commonWordMatches, on: database)
            for term in text.terms {
                let match = term.fts5Query
                // `+` keeps the planner from reading the tickets by these matches.
                let column: SQLQueryString = readInListOrder ? "+\"tickets\".\"id\"" : "\"tickets\".\"id\""
                query.filter(.sql(embed: """
                    \(column) IN (SELECT rowid FROM tickets_search WHERE tickets_search MATCH \(bind: match) \
                    UNION ALL SELECT rowid >> \(unsafeRaw: String(NumberCommentWordsByTicket.ticketShift)) FROM comments_search \
                    WHERE comments_search MATCH \(bind: match)\(visibility))
                    """))
            }
        } else {
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
    }

    /// SQLite: whether at least `threshold` tickets have all the words in their subject or
    /// description (counted up to the threshold, so asking costs no more than that).
    static func areCommonTogether(_ text: SearchText, threshold: Int, on database: any Database) async throws -> Bool {
        struct Count: Decodable { var matches: Int }
        let together = text.terms.map(\.fts5Query).joined(separator: " AND ")
        let count = try await (database as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS matches FROM (SELECT rowid FROM tickets_search WHERE tickets_search MATCH \(bind: together) LIMIT \(bind: threshold))
            """).first(decoding: Count.self)?.matches ?? 0
        return count >= threshold
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
