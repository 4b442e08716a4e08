import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

enum DatabaseSetup {
    /// Registers the configured database with the application.
    static func register(_ choice: SwitchboardConfiguration.DatabaseChoice, on app: Application) throws {
        switch choice {
        case .sqlite(let path):
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
        case .sqliteInMemory:
            app.databases.use(.sqlite(.memory), as: .sqlite)
        case .postgres(let url, let schema):
            do {
                var configuration = try SQLPostgresConfiguration(url: url)
                if let schema { configuration.searchPath = [schema] }
                app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4), as: .psql)
            } catch {
                throw SwitchboardConfiguration.Invalid(description: "DATABASE_URL is not a usable PostgreSQL URL: \(error)")
            }
        }
    }

    /// Settings that live in the database file: write-ahead log (readers never block the
    /// writer), and full synchronous commits so that an acknowledged write survives a crash.
    /// Foreign keys are switched on for every connection by the driver.
    static func prepare(_ database: any Database) async throws {
        guard database is any SQLDatabase, isSQLite(database) else { return }
        let sql = database as! any SQLDatabase
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        try await sql.raw("PRAGMA synchronous = FULL").run()
    }

    static func isSQLite(_ database: any Database) -> Bool {
        (database as? any SQLDatabase)?.dialect.name == "sqlite"
    }
}
