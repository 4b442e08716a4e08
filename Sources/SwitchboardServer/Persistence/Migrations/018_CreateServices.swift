import Fluent
import SQLKit

/// Services with their endpoints and OLA targets, the monitoring results (one packed row per
/// endpoint, metric and UTC day: `MonitoringDay`), downtimes and the endpoints they affect, and
/// OLA reports (narrative, and the figures frozen when published).
struct CreateServices: AsyncMigration {
    var name: String { "018_CreateServices" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceModel.schema)
            .id()
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("provider_unit_id", .uuid, .required, .references(SupportUnitModel.schema, .id))
            .field("rule", .string, .required)
            .field("availability_target", .double, .required)
            .field("reliability_target", .double, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(ServiceEndpointModel.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("service_id", .uuid, .required, .references(ServiceModel.schema, .id))
            .field("hostname", .string, .required)
            .field("service_type", .string, .required)
            .field("group_name", .string, .required)
            .unique(on: "hostname", "service_type")
            .create()
        try await database.schema(ServiceResponseTargetModel.schema)
            .id()
            .field("service_id", .uuid, .required, .references(ServiceModel.schema, .id))
            .field("priority", .string, .required)
            .field("target", .string, .required)
            .unique(on: "service_id", "priority")
            .create()
        try await database.schema(DowntimeModel.schema)
            .id()
            .field("source_id", .string)
            .field("classification", .string, .required)
            .field("severity", .string, .required)
            .field("description", .string, .required)
            .field("starts_at", .int64, .required)
            .field("ends_at", .int64, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "source_id")
            .create()
        try await database.schema(DowntimeEndpointModel.schema)
            .id()
            .field("downtime_id", .uuid, .required, .references(DowntimeModel.schema, .id))
            .field("endpoint_id", .int, .required, .references(ServiceEndpointModel.schema, .id))
            .unique(on: "downtime_id", "endpoint_id")
            .create()
        try await database.schema(OLAReportModel.schema)
            .id()
            .field("service_id", .uuid, .required, .references(ServiceModel.schema, .id))
            .field("first_month", .string, .required)
            .field("last_month", .string, .required)
            .field("effort", .string, .required)
            .field("overview", .string, .required)
            .field("issues_arising", .string, .required)
            .field("measures_planned", .string, .required)
            .field("foreseen_activities", .string, .required)
            .field("published_at", .datetime)
            .field("published_by", .string)
            .field("frozen_figures", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "service_id", "first_month", "last_month")
            .create()
        let sql = database as! any SQLDatabase
        let blob = DatabaseSetup.isSQLite(database) ? "BLOB" : "BYTEA"
        try await sql.raw("""
            CREATE TABLE \(unsafeRaw: MonitoringSchema.days) (
                endpoint_id INTEGER NOT NULL REFERENCES \(unsafeRaw: ServiceEndpointModel.schema) (id),
                metric TEXT NOT NULL,
                day INTEGER NOT NULL,
                results \(unsafeRaw: blob) NOT NULL,
                PRIMARY KEY (endpoint_id, metric, day))
            """).run()
        try await sql.raw("CREATE INDEX downtime_endpoints_endpoint ON downtime_endpoints (endpoint_id)").run()
        try await sql.raw("CREATE INDEX downtimes_period ON downtimes (ends_at, starts_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE \(unsafeRaw: MonitoringSchema.days)").run()
        for schema in [OLAReportModel.schema, DowntimeEndpointModel.schema, DowntimeModel.schema, ServiceResponseTargetModel.schema,
                       ServiceEndpointModel.schema, ServiceModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// The monitoring results table (no Fluent model: read and written in bulk with SQLKit).
enum MonitoringSchema {
    static let days = "monitoring_days"
}
