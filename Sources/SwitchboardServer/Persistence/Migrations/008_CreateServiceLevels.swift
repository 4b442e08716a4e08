import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Service levels as a table admins edit (preloaded with DESIGN.md §4), the response clock of
/// each unit on each ticket, the intervals a ticket spent waiting or on hold, and the ticket
/// columns that lists, the sweep and the escalation read.
struct CreateServiceLevels: AsyncMigration {
    var name: String { "008_CreateServiceLevels" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceLevelModel.schema)
            .id()
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("target_less_urgent", .string)
            .field("target_urgent", .string)
            .field("target_very_urgent", .string)
            .field("target_top_priority", .string)
            .unique(on: "name")
            .create()
        for level in ServiceLevel.presets {
            try await ServiceLevelModel(level).create(on: database)
        }

        try await database.schema(ResponseClockModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id))
            .field("unit_name", .string, .required)
            .field("priority", .string, .required)
            .field("service_level", .string, .required)
            .field("target_seconds", .int, .required)
            .field("started_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("responded_at", .datetime)
            .field("violated_at", .datetime)
            .field("late_seconds", .int)
            .create()
        try await createIndexes(on: database, table: ResponseClockModel.schema, [
            ("response_clocks_ticket", ["ticket_id", "ended_at"]),
            ("response_clocks_unit_started", ["unit_id", "started_at"]),
            ("response_clocks_violated", ["violated_at"]),
        ])

        try await database.schema(StatusPauseModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id))
            .field("status", .string, .required)
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        try await createIndexes(on: database, table: StatusPauseModel.schema, [("status_pauses_ticket", ["ticket_id", "ended_at"])])

        for field in ["response_started_at", "response_halfway_at", "response_warning_at", "response_due_at", "responded_at",
                      "status_since", "supporter_reacted_at", "escalated_at"] {
            try await database.schema(TicketModel.schema).field(.string(field), .datetime).update()
        }
        try await database.schema(TicketModel.schema).field("escalation_step", .int).update()
        // The sweep agenda reads one unit's open tickets.
        try await createIndexes(on: database, table: TicketModel.schema, [("tickets_unit_status", ["support_unit_id", "status"])])
        if let sql = database as? any SQLDatabase {
            try await sql.raw("UPDATE tickets SET status_since = updated_at, escalation_step = 0").run()
        }

        try await database.schema(SupportUnitModel.schema).field("sweep_days", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SupportUnitModel.schema).deleteField("sweep_days").update()
        for field in ["response_started_at", "response_halfway_at", "response_warning_at", "response_due_at", "responded_at",
                      "status_since", "supporter_reacted_at", "escalated_at", "escalation_step"] {
            try await database.schema(TicketModel.schema).deleteField(.string(field)).update()
        }
        try await database.schema(StatusPauseModel.schema).delete()
        try await database.schema(ResponseClockModel.schema).delete()
        try await database.schema(ServiceLevelModel.schema).delete()
    }
}
