import Fluent
import FluentSQL
import SQLKit
import SwitchboardCore

/// The words of a ticket search as a filter on the tickets query: every term must match the
/// ticket's subject or description, or one of its comments the reader may see — internal
/// comments only for readers who see internal entries, so a submitter's search never finds a
/// ticket by words of an internal note. Uses the full-text indexes of migration 027.
enum TicketTextSearch {
    /// On SQLite, when the words together are in at least this many tickets and nothing else
    /// narrows the list, the list is read in its own order and each ticket checked against the
    /// words' matches, instead of reading every match and sorting them all (the search page for
    /// two words found together in 49,000 of a million tickets: 149 → 32 ms). Rarer words, or a
    /// list narrowed by other filters, are read from their matches (a word that matches nothing:
    /// 1 ms either way).
    static let commonWordMatches = 5_000

    /// `narrowed`: the list has other filters (status, unit, submitter, …) besides the words.
    static func filter(_ query: QueryBuilder<TicketModel>, _ text: SearchText, includeInternal: Bool, narrowed: Bool,
                       on database: any Database, commonAbove threshold: Int = commonWordMatches) async throws {
        let sqlite = DatabaseSetup.isSQLite(database)
        let readInListOrder = sqlite && !narrowed ? try await areCommonTogether(text, threshold: threshold, on: database) : false
        for term in text.terms {
            let visibility: SQLQueryString = includeInternal ? "" : " AND visibility = 'public'"
            if sqlite {
                let match = term.fts5Query
                // `+` keeps the planner from reading the tickets by these matches (see `commonWordMatches`).
                let column: SQLQueryString = readInListOrder ? "+\"tickets\".\"id\"" : "\"tickets\".\"id\""
                query.filter(.sql(embed: """
                    \(column) IN (SELECT rowid FROM tickets_search WHERE tickets_search MATCH \(bind: match) \
                    UNION SELECT ticket_id FROM comments_search WHERE comments_search MATCH \(bind: match)\(visibility))
                    """))
            } else {
                let match = term.tsQuery
                query.filter(.sql(embed: """
                    "tickets"."id" IN (SELECT id FROM tickets WHERE to_tsvector('simple', subject || ' ' || description) @@ to_tsquery('simple', \(bind: match)) \
                    UNION SELECT ticket_id FROM comments WHERE to_tsvector('simple', body) @@ to_tsquery('simple', \(bind: match))\(visibility))
                    """))
            }
        }
    }

    /// Whether at least `threshold` tickets have all the words in their subject or description
    /// (counted up to the threshold, so asking costs no more than that).
    static func areCommonTogether(_ text: SearchText, threshold: Int, on database: any Database) async throws -> Bool {
        struct Count: Decodable { var matches: Int }
        let together = text.terms.map(\.fts5Query).joined(separator: " AND ")
        let count = try await (database as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS matches FROM (SELECT rowid FROM tickets_search WHERE tickets_search MATCH \(bind: together) LIMIT \(bind: threshold))
            """).first(decoding: Count.self)?.matches ?? 0
        return count >= threshold
    }
}
