import Fluent
import SQLKit

/// A number that changes whenever the catalogue every ticket change reads changes: support
/// units, service levels, business calendars and their holidays, webhook endpoints. Triggers on
/// those tables raise it in the transaction that changes them, whatever writes them (the API, the
/// commands, another process, a hand-written statement), so a process may keep the catalogue in
/// memory and read only this number to know that it is still the database's (`CatalogCache`).
struct CreateCatalogVersion: AsyncMigration {
    var name: String { "033_CreateCatalogVersion" }

    /// The tables the catalogue is read from.
    static let tables = [SupportUnitModel.schema, ServiceLevelModel.schema, BusinessCalendarModel.schema, CalendarHolidayModel.schema,
                         WebhookModel.schema]
    static let bump = "UPDATE catalog_version SET version = version + 1"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE TABLE catalog_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO catalog_version (id, version) VALUES (1, 1)").run()
        if !DatabaseSetup.isSQLite(database) {
            try await sql.raw(SQLQueryString(OneSearchDocumentPerTicket.triggerFunction("bump_catalog_version", Self.bump))).run()
        }
        try await Self.addTriggers(on: Self.tables, database)
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await Self.dropTriggers(on: Self.tables, database)
        if !DatabaseSetup.isSQLite(database) { try await sql.raw("DROP FUNCTION bump_catalog_version").run() }
        try await sql.raw("DROP TABLE catalog_version").run()
    }

    /// Triggers that raise the version with every change of these tables.
    static func addTriggers(on tables: [String], _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in tables {
            if DatabaseSetup.isSQLite(database) {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try await sql.raw(SQLQueryString("""
                        CREATE TRIGGER \(triggerName(table, event)) AFTER \(event) ON \(table) BEGIN \(bump); END
                        """)).run()
                }
            } else {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER \(triggerName(table, "change")) AFTER INSERT OR UPDATE OR DELETE ON \(table)
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()
                    """)).run()
            }
        }
    }

    static func dropTriggers(on tables: [String], _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in tables {
            if DatabaseSetup.isSQLite(database) {
                for event in ["INSERT", "UPDATE", "DELETE"] { try await sql.raw("DROP TRIGGER \(ident: triggerName(table, event))").run() }
            } else {
                try await sql.raw("DROP TRIGGER \(ident: triggerName(table, "change")) ON \(ident: table)").run()
            }
        }
    }

    static func triggerName(_ table: String, _ event: String) -> String {
        "catalog_version_\(table)_\(event.lowercased())"
    }
}
