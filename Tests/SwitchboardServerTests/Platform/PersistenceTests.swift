import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct PersistenceTests {
    @Test func theTestsRunOnTheDatabaseTheyWereAskedFor() async throws {
        try await TestHelpdesk.with { desk in
            let dialect = (desk.db as! any SQLDatabase).dialect.name
            #expect(dialect == (TestHelpdesk.postgresURL == nil ? "sqlite" : "postgresql"))
        }
    }

    @Test func anSQLiteFileUsesWALFullSyncAndForeignKeys() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID()).sqlite").path
        defer {
            TemporaryDatabaseFile.remove(path)
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: SwitchboardConfiguration(database: .sqlite(path: path), passwordCost: 4))
            try await prepareDatabase(app, migrate: true)
            let sql = app.db as! any SQLDatabase
            struct Row: Decodable { var value: String }
            func pragma(_ name: String) async throws -> String {
                let row = try await sql.raw("SELECT CAST(\(unsafeRaw: name) AS TEXT) AS value FROM pragma_\(unsafeRaw: name)").first()
                return try row!.decode(column: "value", as: String.self)
            }
            #expect(try await pragma("journal_mode") == "wal")
            #expect(try await pragma("foreign_keys") == "1")
            #expect(try await pragma("synchronous") == "2", "FULL: a commit is on disk before it is acknowledged")

            // Foreign keys are enforced: a membership of a missing user is refused.
            await #expect(throws: (any Error).self) {
                try await MembershipModel(userID: UUID(), unitID: UUID(), role: .member).create(on: app.db)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func migrationsCanBeRunTwice() async throws {
        try await TestHelpdesk.with { desk in
            try await prepareDatabase(desk.app, migrate: true)
            #expect(try await UserModel.query(on: desk.db).count() == 0)
        }
    }
}
