import Fluent

/// Requirement assessment (issue 15): a requirement ticket's effort estimate, where it went and,
/// for the requirements queue, the spawned ticket there and what it has become.
struct CreateRequirements: AsyncMigration {
    var name: String { "023_CreateRequirements" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RequirementModel.schema)
            .id()
            .field("ticket_id", .int, .required, .references(TicketModel.schema, .id, onDelete: .cascade))
            .field("person_days", .double, .required)
            .field("estimated_at", .datetime, .required)
            .field("estimated_by", .string, .required)
            .field("route", .string)
            .field("routed_at", .datetime)
            .field("tracker_id", .string)
            .field("tracker_url", .string)
            .field("tracker_status", .string)
            .field("checked_at", .datetime)
            .field("decided_at", .datetime)
            .unique(on: "ticket_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequirementModel.schema).delete()
    }
}
