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

    /// The application's helpdesk with a write gate of its own, whose transactions may run
    /// `duration` (so that a loaded machine does not split a batch the test expects whole).
    static func helpdesk(_ app: Application, maximumTransactionDuration duration: Duration) -> Helpdesk {
        let plain = app.helpdesk
        return Helpdesk(database: plain.database, clock: plain.clock, configuration: plain.configuration,
                        writeGate: WriteGate(busyTimeoutMilliseconds: 5000, maximumTransactionDuration: duration),
                        passwordHashing: plain.passwordHashing, passwordAttempts: plain.passwordAttempts, identityProviders: plain.identityProviders)
    }

    @Test func changesThatWaitTogetherCommitTogetherAndAFailingOneLeavesTheOthers() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let app = try await ConcurrentWritersTests.application(path, migrate: true)
        do {
            let helpdesk = Self.helpdesk(app, maximumTransactionDuration: .seconds(60))
            let gate = try #require(helpdesk.writeGate)
            try await (app.db as! any SQLDatabase).raw("CREATE TABLE probe (n INTEGER PRIMARY KEY)").run()
            let before = await gate.transactionsWritten

            // The first change holds the writer until the others wait behind it.
            let (release, releasing) = AsyncStream<Void>.makeStream()
            let (started, starting) = AsyncStream<Void>.makeStream()
            let first = Task {
                try await helpdesk.change(by: .system) { context in
                    try await (context.database as! any SQLDatabase).raw("INSERT INTO probe (n) VALUES (0)").run()
                    starting.yield()
                    for await _ in release { break }
                    return 0
                }
            }
            for await _ in started { break }
            let waiting = 19
            let others = Task {
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
            while await gate.waitingChanges < waiting { try await Task.sleep(nanoseconds: 1_000_000) }
            releasing.yield()
            #expect(try await first.value == 0)
            let outcomes = await others.value

            for n in 1...waiting {
                let expected = n == 7 ? "failed" : n % 4 == 0 ? "refused" : "ok \(n)"
                #expect(outcomes[n] == expected, "change \(n)")
            }
            // Two transactions: the first change's, and one for the nineteen that waited.
            #expect(await gate.transactionsWritten == before + 2)
            struct Row: Decodable { let n: Int }
            let stored = try await (app.db as! any SQLDatabase).raw("SELECT n FROM probe ORDER BY n").all(decoding: Row.self).map(\.n)
            #expect(stored == [0] + (1...waiting).filter { $0 != 7 && $0 % 4 != 0 })
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// A transaction commits once its changes have run `maximumTransactionDuration`; the rest go
    /// into the next one, so that other processes get the lock in between.
    @Test func aLongBatchCommitsEarlyAndTheRestFollow() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let app = try await ConcurrentWritersTests.application(path, migrate: true)
        do {
            let helpdesk = Self.helpdesk(app, maximumTransactionDuration: .milliseconds(100))
            let gate = try #require(helpdesk.writeGate)
            try await (app.db as! any SQLDatabase).raw("CREATE TABLE probe (n INTEGER PRIMARY KEY)").run()
            let before = await gate.transactionsWritten
            let (release, releasing) = AsyncStream<Void>.makeStream()
            let (started, starting) = AsyncStream<Void>.makeStream()
            let first = Task {
                try await helpdesk.change(by: .system) { _ in
                    starting.yield()
                    for await _ in release { break }
                }
            }
            for await _ in started { break }
            // Six changes of 40 ms each wait together; a transaction has time for three at most.
            let waiting = 6
            let others = Task {
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
            while await gate.waitingChanges < waiting { try await Task.sleep(nanoseconds: 1_000_000) }
            releasing.yield()
            try await first.value
            try await others.value
            let transactions = await gate.transactionsWritten - before
            #expect(transactions >= 3 && transactions <= 1 + waiting, "\(transactions) transactions")
            struct Row: Decodable { let n: Int }
            #expect(try await (app.db as! any SQLDatabase).raw("SELECT n FROM probe ORDER BY n").all(decoding: Row.self).map(\.n) == Array(1...waiting))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
