import Fluent
import FluentSQL
import SQLKit
import SwitchboardCore

/// The words of a ticket search as a filter on the tickets query: every term must match the
/// ticket's subject or description, or one of its comments the reader may see — internal
/// comments only for readers who see internal entries, so a submitter's search never finds a
/// ticket by words of an internal note. Uses the full-text indexes of migration 027.
enum TicketTextSearch {
    static func filter(_ query: QueryBuilder<TicketModel>, _ text: SearchText, includeInternal: Bool, on database: any Database) {
        let sqlite = DatabaseSetup.isSQLite(database)
        for term in text.terms {
            let visibility: SQLQueryString = includeInternal ? "" : " AND visibility = 'public'"
            if sqlite {
                let match = term.fts5Query
                query.filter(.sql(embed: """
                    "tickets"."id" IN (SELECT rowid FROM tickets_search WHERE tickets_search MATCH \(bind: match) \
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
}
