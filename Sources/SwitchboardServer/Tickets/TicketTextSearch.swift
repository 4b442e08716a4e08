import Fluent
import FluentSQL
import Foundation
import SQLKit
import SwitchboardCore

/// The words of a ticket search as a filter on the tickets query: every term must match the
/// ticket's subject or description, or one of its comments the reader may see — internal
/// comments only for readers who see internal entries, so a submitter's search never finds a
/// ticket by words of an internal note. Uses the full-text indexes of migrations 027 and 029.
///
/// Two plans, chosen per search. Rare words are read from their matches (the index finds a
/// handful of tickets, which are sorted). Common words are checked ticket by ticket in the
/// list's own order, which stops after a page: reading and sorting tens of thousands of matches
/// for a page of 50 is what made such searches slow (at a million tickets, two common words:
/// 149 → 32 ms on SQLite, 450 → 8 ms on PostgreSQL), while checking a list in its order for a
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
    /// On PostgreSQL, words are common when the planner estimates at least this many tickets
    /// have them all (from its word frequencies, without reading a row; a word it has no
    /// frequency for is estimated at about 1,500 of a million). Checking a ticket's stored words
    /// costs microseconds, so narrowed lists are read in their order too (8 ms for the API's
    /// closed tickets).
    static let commonWordEstimate = 2_500

    /// `narrowed`: the list has other filters (status, unit, submitter, …) besides the words.
    /// `commonAbove` replaces the database's own threshold (tests force either plan with it).
    static func filter(_ query: QueryBuilder<TicketModel>, _ text: SearchText, includeInternal: Bool, narrowed: Bool,
                       on database: any Database, commonAbove threshold: Int? = nil) async throws {
        let visibility: SQLQueryString = includeInternal ? "" : " AND visibility = 'public'"
        if DatabaseSetup.isSQLite(database) {
            let readInListOrder = narrowed ? false : try await areCommonTogether(text, threshold: threshold ?? commonWordMatches, on: database)
            for term in text.terms {
                let match = term.fts5Query
                // `+` keeps the planner from reading the tickets by these matches.
                let column: SQLQueryString = readInListOrder ? "+\"tickets\".\"id\"" : "\"tickets\".\"id\""
                query.filter(.sql(embed: """
                    \(column) IN (SELECT rowid FROM tickets_search WHERE tickets_search MATCH \(bind: match) \
                    UNION ALL SELECT ticket_id FROM comments_search WHERE comments_search MATCH \(bind: match)\(visibility))
                    """))
            }
        } else {
            let readInListOrder = try await estimatedTogether(text, on: database) >= threshold ?? commonWordEstimate
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

    /// PostgreSQL: how many tickets the planner expects to have all the words in their subject
    /// or description (a plan, not a count: a fraction of a millisecond at any size).
    static func estimatedTogether(_ text: SearchText, on database: any Database) async throws -> Int {
        struct PlanLine: Decodable {
            var line: String
            enum CodingKeys: String, CodingKey { case line = "QUERY PLAN" }
        }
        let together = text.terms.map { "(\($0.tsQuery))" }.joined(separator: " & ")
        let plan = try await (database as! any SQLDatabase).raw("""
            EXPLAIN SELECT 1 FROM tickets WHERE search_document @@ to_tsquery('simple', \(bind: together))
            """).first(decoding: PlanLine.self)
        return plan.flatMap { Self.estimatedRows(inPlanLine: $0.line) } ?? 0
    }

    /// The `rows=` figure of a plan line such as `Bitmap Heap Scan on tickets  (cost=… rows=5399 width=4)`.
    static func estimatedRows(inPlanLine line: String) -> Int? {
        guard let start = line.range(of: " rows=")?.upperBound else { return nil }
        return Int(line[start...].prefix { $0.isNumber })
    }
}
