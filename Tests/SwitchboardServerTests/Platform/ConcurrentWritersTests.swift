import Fluent
import SQLKit
import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Several processes write to one SQLite file (serve, the mail gate, the commands). Each
/// application here has its own connections and its own in-process write gate, as separate
/// processes would.
@Suite struct ConcurrentWritersTests {
    static func application(_ path: String, migrate: Bool, busyTimeout: Int = 5000) async throws -> Application {
        let app = try await Application.make(.testing)
        var configuration = SwitchboardConfiguration(database: .sqlite(path: path), passwordCost: 4)
        configuration.sqliteBusyTimeoutMilliseconds = busyTimeout
        try await configure(app, configuration: configuration)
        app.logger.logLevel = .error
        try await prepareDatabase(app, migrate: migrate)
        return app
    }

    /// Issue 9, defect 3: two writers on one file answered 500 "database is locked" (27 of 727
    /// API writes) and the mail gate deferred 76 of 107 messages.
    @Test func twoProcessesWritingOneSQLiteFileLoseNothingAndNeverFail() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("writers-\(UUID().uuidString).sqlite").path
        defer { TemporaryDatabaseFile.remove(path) }
        let serve = try await Self.application(path, migrate: true)
        let gate = try await Self.application(path, migrate: false)
        do {
            _ = try await serve.helpdesk.units.createSupportUnit(NewSupportUnitInput(name: "TPM", tier: "first-line", mailingList: "tpm@example.org"),
                                                           by: Acting.system.asAdministrator)
            let alice = try await serve.helpdesk.accounts.createUser(NewUserInput(email: "alice@example.edu", displayName: "Alice", password: "correct horse battery"), by: nil)
            let acting = Acting(principal: try await serve.helpdesk.accounts.principal(for: alice), name: "Alice")
            let perWriter = 40
            let failures = await withTaskGroup(of: String?.self) { group in
                for (name, app) in [("serve", serve), ("gate", gate)] {
                    let helpdesk = app.helpdesk
                    for index in 0..<perWriter {
                        group.addTask {
                            do {
                                _ = try await helpdesk.tickets.createTicket(NewTicketInput(subject: "\(name) \(index)", description: "x"), by: acting)
                                return nil
                            } catch {
                                return "\(name) \(index): \(error)"
                            }
                        }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(try await TicketModel.query(on: serve.db).count() == 2 * perWriter)
        } catch {
            try? await gate.asyncShutdown()
            try? await serve.asyncShutdown()
            throw error
        }
        try await gate.asyncShutdown()
        try await serve.asyncShutdown()
    }

    /// When the other writer holds the lock longer than the busy timeout allows, the writer is
    /// told to come back (503 with Retry-After), never a 500, and nothing is half-written.
    @Test func aWriterThatCannotGetTheLockIsToldToComeBack() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("locked-\(UUID().uuidString).sqlite").path
        defer { TemporaryDatabaseFile.remove(path) }
        let serve = try await Self.application(path, migrate: true, busyTimeout: 100)
        let other = try await Self.application(path, migrate: false)
        do {
            let alice = try await serve.helpdesk.accounts.createUser(NewUserInput(email: "alice@example.edu", displayName: "Alice", password: "correct horse battery"), by: nil)
            let token = try await serve.helpdesk.accounts.issueToken(for: alice, name: "test").token
            // Another process holds the write lock (from when it says so until the answer came,
            // however slow a loaded machine makes the request; at most 30 s).
            let (locked, locking) = AsyncStream<Void>.makeStream()
            let answered = NIOLockedValueBox(false)
            let held = Task {
                try await other.helpdesk.change(by: .system) { context in
                    let database = context.database
                    try await (database as! any SQLDatabase).raw("UPDATE users SET display_name = 'Alice' WHERE 1 = 1").run()
                    locking.yield()
                    for _ in 0..<3_000 where !answered.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                }
            }
            for await _ in locked { break }
            let response = try await serve.testing().sendRequest(.POST, "/api/v1/tokens", headers: ["Content-Type": "application/json"],
                                                                 body: ByteBuffer(string: #"{"email":"alice@example.edu","password":"correct horse battery"}"#))
            answered.withLockedValue { $0 = true }
            #expect(response.status == .serviceUnavailable, "\(response.body.string)")
            #expect(response.headers.first(name: .retryAfter) == "2")
            _ = token
            try await held.value
        } catch {
            try? await other.asyncShutdown()
            try? await serve.asyncShutdown()
            throw error
        }
        try await other.asyncShutdown()
        try await serve.asyncShutdown()
    }
}
