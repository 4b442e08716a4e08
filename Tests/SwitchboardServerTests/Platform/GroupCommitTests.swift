import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Group commit on SQLite (issue 16): changes that wait while a transaction is written share
/// the next one, each in its own savepoint.
@Suite struct GroupCommitTests {
    struct Refused: Error {}
    struct Row: Decodable { let n: Int }

    /// A helpdesk on a fresh SQLite file with a table `probe (n)`, whose write gate lets a
    /// transaction run `duration` (so that a loaded machine does not split a batch a test
    /// expects whole); its gate's transaction count before the test's changes.
    static func withProbe(
        maximumTransactionDuration duration: Duration, _ test: (Helpdesk, WriteGate, _ before: Int) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).sqlite").path
        defer { TemporaryDatabaseFile.remove(path) }
        let app = try await ConcurrentWritersTests.application(path, migrate: true)
        do {
            let plain = app.helpdesk
            let writer = SQLiteWriter(path: path, busyTimeoutMilliseconds: 5000)
            app.lifecycle.use(writer)
            let gate = WriteGate(writer: writer, maximumTransactionDuration: duration)
            let helpdesk = Helpdesk(database: plain.database, clock: plain.clock, configuration: plain.configuration, writeGate: gate,
                                    passwordHashing: plain.passwordHashing, passwordAttempts: plain.passwordAttempts,
                                    identityProviders: plain.identityProviders, catalogCache: plain.catalogCache)
            try await (app.db as! any SQLDatabase).raw("CREATE TABLE probe (n INTEGER PRIMARY KEY)").run()
            try await test(helpdesk, gate, await gate.transactionsWritten)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Runs `others` while a first change (writing row 0) holds the writer, until `waiting` of
    /// them wait behind it; then lets the first one finish and returns what `others` returned.
    static func behindAFirstChange<T: Sendable>(
        _ helpdesk: Helpdesk, _ gate: WriteGate, waiting: Int, _ others: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let (release, releasing) = AsyncStream<Void>.makeStream()
        let (started, starting) = AsyncStream<Void>.makeStream()
        let first = Task {
            try await helpdesk.change(by: .system) { context in
                try await (context.database as! any SQLDatabase).raw("INSERT INTO probe (n) VALUES (0)").run()
                starting.yield()
                for await _ in release { break }
            }
        }
        for await _ in started { break }
        let rest = Task { try await others() }
        while await gate.waitingChanges < waiting { try await Task.sleep(nanoseconds: 1_000_000) }
        releasing.yield()
        try await first.value
        return try await rest.value
    }

    static func stored(_ helpdesk: Helpdesk) async throws -> [Int] {
        try await (helpdesk.database as! any SQLDatabase).raw("SELECT n FROM probe ORDER BY n").all(decoding: Row.self).map(\.n)
    }

    @Test func changesThatWaitTogetherCommitTogetherAndAFailingOneLeavesTheOthers() async throws {
        try await Self.withProbe(maximumTransactionDuration: .seconds(60)) { helpdesk, gate, before in
            let waiting = 19
            let outcomes = try await Self.behindAFirstChange(helpdesk, gate, waiting: waiting) {
                await withTaskGroup(of: (Int, String).self) { group in
                    for n in 1...waiting {
                        group.addTask {
                            do {
                                let value = try await helpdesk.change(by: .system) { context in
                                    let sql = context.database as! any SQLDatabase
                                    // Row 7 collides with row 0: the statement itself fails.
                                    try await sql.raw("INSERT INTO probe (n) VALUES (\(bind: n == 7 ? 0 : n))").run()
                                    if n % 4 == 0 { throw Refused() }
                                    return n
                                }
                                return (n, "ok \(value)")
                            } catch is Refused {
                                return (n, "refused")
                            } catch {
                                return (n, "failed")
                            }
                        }
                    }
                    return await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
                }
            }
            for n in 1...waiting {
                let expected = n == 7 ? "failed" : n % 4 == 0 ? "refused" : "ok \(n)"
                #expect(outcomes[n] == expected, "change \(n)")
            }
            // Two transactions: the first change's, and one for the nineteen that waited.
            #expect(await gate.transactionsWritten == before + 2)
            #expect(try await Self.stored(helpdesk) == [0] + (1...waiting).filter { $0 != 7 && $0 % 4 != 0 })
        }
    }

    /// A transaction commits once its changes have run `maximumTransactionDuration`; the rest go
    /// into the next one, so that other processes get the lock in between.
    @Test func aLongBatchCommitsEarlyAndTheRestFollow() async throws {
        try await Self.withProbe(maximumTransactionDuration: .milliseconds(100)) { helpdesk, gate, before in
            // Six changes of 40 ms each wait together; a transaction has time for three at most.
            let waiting = 6
            try await Self.behindAFirstChange(helpdesk, gate, waiting: waiting) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 1...waiting {
                        group.addTask {
                            try await helpdesk.change(by: .system) { context in
                                try await (context.database as! any SQLDatabase).raw("INSERT INTO probe (n) VALUES (\(bind: n))").run()
                                try await Task.sleep(for: .milliseconds(40))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let transactions = await gate.transactionsWritten - before
            #expect(transactions >= 3 && transactions <= 1 + waiting, "\(transactions) transactions")
            #expect(try await Self.stored(helpdesk) == Array(0...waiting))
        }
    }
}
