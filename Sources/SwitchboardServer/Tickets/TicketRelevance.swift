import Fluent
import FluentSQL
import SQLKit
import SwitchboardCore

/// The order `sort=relevance`: best match first. A ticket scores by how well its subject and
/// description match any of the words — SQLite's BM25 over the full-text index (a word in the
/// subject weighs twice a word in the description), PostgreSQL's `ts_rank` over the stored
/// search document — and a ticket found only by its comments scores zero, after those. Equal
/// scores go by number, newest first. Which tickets are listed is the search's business
/// (`TicketTextSearch`); this only orders them.
///
/// Every match of the words is scored before the first page is cut: two words in 48,000 of a
/// million tickets take about 180 ms on SQLite and 500 ms on PostgreSQL (rare words a few
/// milliseconds), which is why it is a choice and not the default order. A next page
/// continues after the cursor's ticket by its score at that moment: tickets filed in between
/// can shift the scores a little.
struct TicketRelevance {
    let words: SearchText
    let database: any Database

    /// The tickets whose subject or description has any of the words, with their scores
    /// (higher is better): `ticket_id`, `score`; only ticket `id` when given.
    private func scoredMatches(onlyTicket id: Int? = nil) -> SQLQueryString {
        if DatabaseSetup.isSQLite(database) {
            // Only the ticket's own text scores (weights 0 for the comment columns): comments
            // never move a ticket up, so internal words cannot show in the order either.
            let any = "{subject description} : (" + words.terms.map(\.fts5Query).joined(separator: " OR ") + ")"
            let select: SQLQueryString = """
                SELECT rowid AS ticket_id, -bm25(ticket_words, 2.0, 1.0, 0.0, 0.0) AS score FROM ticket_words WHERE ticket_words MATCH \(bind: any)
                """
            // Ordered and unlimited, the list's matches are scored once, instead of the index
            // being searched again for every ticket of the list.
            return id.map { select + " AND rowid = \(bind: $0)" } ?? select + " ORDER BY rowid LIMIT -1"
        }
        let any = words.terms.map { "(\($0.tsQuery))" }.joined(separator: " | ")
        let select: SQLQueryString = """
            SELECT id AS ticket_id, ts_rank(search_document, to_tsquery('simple', \(bind: any)))::float8 AS score FROM tickets \
            WHERE search_document @@ to_tsquery('simple', \(bind: any))
            """
        return id.map { select + " AND id = \(bind: $0)" } ?? select
    }

    private static let score: SQLQueryString = "COALESCE(relevance.score, 0)"

    /// Orders `query` best match first.
    func order(_ query: QueryBuilder<TicketModel>) {
        query.query.joins.append(.custom("LEFT JOIN (\(scoredMatches())) AS relevance ON relevance.ticket_id = \"tickets\".\"id\"" as SQLQueryString))
        query.query.sorts.append(.custom("\(Self.score) DESC" as SQLQueryString))
        query.sort(\.$id, .descending)
    }

    /// Keeps the tickets after ticket `id` in this order (call with `order`).
    func keyset(_ query: QueryBuilder<TicketModel>, after id: Int) async throws {
        let last = try await score(ofTicket: id)
        query.filter(.sql(embed: "(\(Self.score) < \(bind: last) OR (\(Self.score) = \(bind: last) AND \"tickets\".\"id\" < \(bind: id)))"))
    }

    /// The score of one ticket (zero when its subject and description have none of the words).
    func score(ofTicket id: Int) async throws -> Double {
        struct Row: Decodable { var score: Double }
        return try await (database as! any SQLDatabase).raw(scoredMatches(onlyTicket: id)).first(decoding: Row.self)?.score ?? 0
    }
}
