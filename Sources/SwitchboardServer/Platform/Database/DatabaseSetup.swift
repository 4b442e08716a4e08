import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

enum DatabaseSetup {
    /// Registers the configured database with the application, its statements measured for
    /// `/metrics` (see `MeasuredDatabase`). On SQLite, the file's path (the writer opens it too).
    @discardableResult
    static func register(_ choice: SwitchboardConfiguration.DatabaseChoice, poolSize: Int, on app: Application) throws -> String? {
        let driver: DatabaseConfigurationFactory
        let id: DatabaseID
        var sqlitePath: String?
        switch choice {
        case .sqlite(let path):
            (driver, id, sqlitePath) = (.sqlite(.file(path)), .sqlite, path)
        case .sqliteInMemory:
            // As SQLiteKit does for "in memory" (its SQLite has no shared cache), a temporary file,
            // here one that is removed when the application stops.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID().uuidString).sqlite").path
            app.lifecycle.use(TemporaryDatabaseFile(path: path))
            (driver, id, sqlitePath) = (.sqlite(.file(path)), .sqlite, path)
        case .postgres(let url, let schema):
            do {
                var configuration = try SQLPostgresConfiguration(url: url)
                if let schema { configuration.searchPath = [schema] }
                // A request waits up to 30 s for a connection (changes of one ticket queue on its
                // row lock while holding one); after that it is answered 503, not 500.
                (driver, id) = (.postgres(configuration: configuration, maxConnectionsPerEventLoop: poolSize,
                                          connectionPoolTimeout: .seconds(30)), .psql)
            } catch {
                throw SwitchboardConfiguration.Invalid(description: "DATABASE_URL is not a usable PostgreSQL URL: \(error)")
            }
        }
        app.databases.use(MeasuredDatabaseConfiguration(measured: driver.make(), statements: app.metrics.statements), as: id)
        return sqlitePath
    }

    /// Settings that live in the database file: write-ahead log (readers never block the
    /// writer), and full synchronous commits so that an acknowledged write survives a crash.
    /// Foreign keys are switched on for every connection by the driver.
    static func prepare(_ database: any Database, busyTimeoutMilliseconds: Int = 5000) async throws {
        guard database is any SQLDatabase, isSQLite(database) else { return }
        let sql = database as! any SQLDatabase
        // Migrations and the pragmas below write too: wait for another process's lock.
        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
        // Set once, kept in the file: asked first, so that a process starting beside busy
        // writers (the mail gate beside `serve`) does not need the lock for it.
        struct JournalMode: Decodable { var journal_mode: String }
        let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: JournalMode.self)?.journal_mode
        if mode?.lowercased() != "wal" { try await sql.raw("PRAGMA journal_mode = WAL").run() }
        try await sql.raw("PRAGMA synchronous = FULL").run()
    }

    /// Refreshes the query planner's statistics where they are missing or stale (cheap when
    /// they are fresh). Without them SQLite may sort a whole status instead of walking the
    /// priority index: 64 ms instead of 3 ms for a 50-ticket page of 100,000 tickets.
    ///
    /// While other processes write, the refresh may find the file busy: it reads, then writes
    /// what it read, and SQLite refuses that at once when another writer committed in between.
    /// The statistics then wait for the next start; the process goes on (the mail gate deferred
    /// a message for it under `serve`'s write load).
    static func optimize(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, isSQLite(database) else { return }
        do {
            try await sql.raw("PRAGMA optimize=0x10002").run()
        } catch where SQLiteWriteTransaction.isBusy(error) {
            database.logger.info("Planner statistics not refreshed: the database is busy with other writers.")
        }
    }

    /// After a bulk load: fresh planner statistics for the tables it filled (PostgreSQL's
    /// autovacuum would get there later, and until then plans from the empty tables' figures).
    static func refreshStatistics(_ database: any Database, tables: [String]) async throws {
        guard let sql = database as? any SQLDatabase, !tables.isEmpty else { return }
        if isSQLite(database) {
            try await optimize(database)
        } else {
            try await sql.raw("ANALYZE \(unsafeRaw: tables.map { "\"\($0)\"" }.joined(separator: ", "))").run()
        }
    }

    static func isSQLite(_ database: any Database) -> Bool {
        (database as? any SQLDatabase)?.dialect.name == "sqlite"
    }
}

/// A database file that lives only as long as the application (tests' "in memory" SQLite).
struct TemporaryDatabaseFile: LifecycleHandler {
    let path: String

    func shutdownAsync(_ application: Application) async {
        Self.remove(path)
    }

    /// Removes an SQLite file with its write-ahead log and shared-memory index.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
