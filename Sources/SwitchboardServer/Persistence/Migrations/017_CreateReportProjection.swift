import Fluent
import SQLKit

/// What the reports read, kept from the event history in the same transaction as each event
/// (`Reports/ReportProjection.swift`) and rebuilt from it by `switchboard reports rebuild`:
/// per ticket its filing, first reaction and first solution (the report builder's), per ticket
/// and unit the first assignment, first reaction and first solution, the first hand-off between
/// each pair of units, and the stretches in which a ticket was open with one unit. Also the
/// former names of renamed units, because the history names units as they were named then;
/// and on tickets the external id of an imported history (unique, so a second import of the
/// same file changes nothing).
struct CreateReportProjection: AsyncMigration {
    var name: String { "017_CreateReportProjection" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ReportSchema.unitFacts)
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("unit_id", .uuid, .required)
            .field("first_assigned_at", .datetime, .required)
            .field("first_solved_at", .datetime)
            .field("solve_seconds_excluding_waiting", .int)
            .field("first_reaction_at", .datetime)
            .unique(on: "ticket_id", "unit_id")
            .create()
        try await database.schema(ReportSchema.ticketFacts)
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("filed_at", .datetime, .required)
            .field("filed_unit_id", .uuid, .required)
            .field("filed_priority", .string, .required)
            .field("first_reaction_at", .datetime)
            .field("first_solved_at", .datetime)
            .field("solve_seconds_excluding_waiting", .int)
            .unique(on: "ticket_id")
            .create()
        try await database.schema(ReportSchema.handOffs)
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("from_unit_id", .uuid, .required)
            .field("to_unit_id", .uuid, .required)
            .field("first_at", .datetime, .required)
            .unique(on: "ticket_id", "from_unit_id", "to_unit_id")
            .create()
        try await database.schema(ReportSchema.openSpans)
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("unit_id", .uuid, .required)
            .field("assigned_at", .datetime, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime)
            .create()
        try await database.schema(ReportSchema.formerUnitNames)
            .field("name", .string, .required)
            .field("unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id))
            .field("renamed_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(TicketModel.schema).field("external_id", .string).update()
        try await (database as! any SQLDatabase).raw("CREATE UNIQUE INDEX tickets_external_id ON tickets (external_id)").run()
        try await createIndexes(on: database, table: ReportSchema.unitFacts, [
            ("report_unit_facts_assigned", ["unit_id", "first_assigned_at"]),
            ("report_unit_facts_solved", ["unit_id", "first_solved_at"]),
        ])
        try await createIndexes(on: database, table: ReportSchema.ticketFacts, [("report_ticket_facts_filed", ["filed_at"])])
        try await createIndexes(on: database, table: ReportSchema.handOffs, [
            ("report_hand_offs_from", ["from_unit_id", "to_unit_id", "ticket_id", "first_at"])
        ])
        try await createIndexes(on: database, table: ReportSchema.openSpans, [
            ("report_open_spans_unit", ["unit_id", "assigned_at"]),
            ("report_open_spans_ticket", ["ticket_id"]),
        ])
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX tickets_external_id").run()
        try await database.schema(TicketModel.schema).deleteField("external_id").update()
        for schema in [ReportSchema.formerUnitNames, ReportSchema.openSpans, ReportSchema.handOffs, ReportSchema.ticketFacts, ReportSchema.unitFacts] {
            try await database.schema(schema).delete()
        }
    }
}

/// The report projection's tables (no Fluent models: they are written and read in bulk with SQLKit).
enum ReportSchema {
    static let unitFacts = "report_unit_facts"
    static let ticketFacts = "report_ticket_facts"
    static let handOffs = "report_hand_offs"
    static let openSpans = "report_open_spans"
    static let formerUnitNames = "former_unit_names"
}
