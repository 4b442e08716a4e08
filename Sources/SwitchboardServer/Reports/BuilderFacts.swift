import FluentPostgresDriver
import Foundation
import SQLKit

/// One ticket as the report builder reads it: its facts at filing and its state now.
struct BuilderFact: Sendable {
    var filedAt: Date
    var filedUnitID: UUID
    var filedPriority: String
    var firstReactionAt: Date?
    var firstSolvedAt: Date?
    var solveSecondsExcludingWaiting: Int?
    var supportUnitID: UUID
    var status: String
    var priority: String
    var category: String
    var vo: String?

    struct UnsupportedBind: Error, CustomStringConvertible {
        var type: String
        var description: String { "The report builder bound a \(type), which it cannot send to PostgreSQL." }
    }

    /// The columns the builder's query selects, in this order.
    static let columns: [(table: String, column: String)] = [
        (ReportSchema.ticketFacts, "filed_at"), (ReportSchema.ticketFacts, "filed_unit_id"), (ReportSchema.ticketFacts, "filed_priority"),
        (ReportSchema.ticketFacts, "first_reaction_at"), (ReportSchema.ticketFacts, "first_solved_at"),
        (ReportSchema.ticketFacts, "solve_seconds_excluding_waiting"), (TicketModel.schema, "support_unit_id"), (TicketModel.schema, "status"),
        (TicketModel.schema, "priority"), (TicketModel.schema, "category"), (TicketModel.schema, "vo"),
    ]

    /// The rows of `select` (which selects `columns`). On PostgreSQL they are decoded by
    /// position with PostgresNIO's typed decoding: SQLKit's decoding by column name cost about
    /// 6 µs a row there, most of a year's report at a million tickets. SQLite reads through SQLKit.
    static func read(_ select: SQLSelectBuilder, on sql: any SQLDatabase) async throws -> [BuilderFact] {
        let (driver, statements) = MeasuredDatabase.driverDatabase(sql)
        if sql.dialect.name == "postgresql", let postgres = driver as? any PostgresDatabase {
            let (text, binds) = sql.serialize(select.select)
            var bindings = PostgresBindings(capacity: binds.count)
            for bind in binds {
                guard let value = bind as? any PostgresEncodable else { throw UnsupportedBind(type: "\(type(of: bind))") }
                try bindings.append(value, context: .default)
            }
            let query = PostgresQuery(unsafeSQL: text, binds: bindings)
            let read = { try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var facts: [BuilderFact] = []
                    let rows = try await connection.query(query, logger: connection.logger)
                    for try await (filedAt, filedUnit, filedPriority, reaction, solved, excluding, unit, status, priority, category, vo)
                        in rows.decode((Date, UUID, String, Date?, Date?, Int?, UUID, String, String, String, String?).self)
                    {
                        facts.append(BuilderFact(filedAt: filedAt, filedUnitID: filedUnit, filedPriority: filedPriority, firstReactionAt: reaction,
                                                 firstSolvedAt: solved, solveSecondsExcludingWaiting: excluding, supportUnitID: unit,
                                                 status: status, priority: priority, category: category, vo: vo))
                    }
                    return facts
                }
            }.get() }
            guard let statements else { return try await read() }
            return try await statements.measure(.select, read)
        }
        return try await select.all().map { row in
            BuilderFact(
                filedAt: try row.decode(column: "filed_at", as: Date.self), filedUnitID: try row.decode(column: "filed_unit_id", as: UUID.self),
                filedPriority: try row.decode(column: "filed_priority", as: String.self),
                firstReactionAt: try row.decode(column: "first_reaction_at", as: Date?.self),
                firstSolvedAt: try row.decode(column: "first_solved_at", as: Date?.self),
                solveSecondsExcludingWaiting: try row.decode(column: "solve_seconds_excluding_waiting", as: Int?.self),
                supportUnitID: try row.decode(column: "support_unit_id", as: UUID.self), status: try row.decode(column: "status", as: String.self),
                priority: try row.decode(column: "priority", as: String.self), category: try row.decode(column: "category", as: String.self),
                vo: try row.decode(column: "vo", as: String?.self))
        }
    }
}
