import Fluent
import SQLKit

/// A unit's open tickets by priority — its queue, the API's and the search page's most common
/// list — read from one index: (unit, status, priority rank, number) instead of (unit, status).
/// With the old index every open ticket of the unit was read from the table for its priority
/// before the first 50 could be chosen: 17 ms for a unit with 4,700 open tickets at a million
/// tickets (SQLite), 0.2 ms now. The new index also serves everything the old one did.
struct IndexUnitTicketsByPriority: AsyncMigration {
    var name: String { "032_IndexUnitTicketsByPriority" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await createIndexes(on: database, table: TicketModel.schema,
                                [("tickets_unit_status_priority", ["support_unit_id", "status", "priority_rank", "id"])])
        try await sql.drop(index: "tickets_unit_status").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await createIndexes(on: database, table: TicketModel.schema, [("tickets_unit_status", ["support_unit_id", "status"])])
        try await sql.drop(index: "tickets_unit_status_priority").run()
    }
}
