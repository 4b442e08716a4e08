import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// SQLite's single writer (issue 16): its own connection with prepared statements, its own thread.
@Suite struct SQLiteWriterTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString).sqlite").path
    }

    /// The name of the thread the caller runs on.
    static func threadName() -> String { Thread.current.name ?? "" }


    @Test func valuesGoInAndComeOutAsTheyWereAndAStatementIsPreparedOnce() throws {
        let path = Self.temporaryPath()
        defer { TemporaryDatabaseFile.remove(path) }
        let connection = try SQLiteWriterConnection(path: path, busyTimeoutMilliseconds: 1000)
        defer { connection.close() }
        _ = try connection.run("CREATE TABLE probe (n INTEGER PRIMARY KEY, x REAL, t TEXT, b BLOB, z TEXT)", [])
        let insert = "INSERT INTO probe (n, x, t, b, z) VALUES (?, ?, ?, ?, ?)"
        let blob = ByteBuffer(bytes: [0, 1, 2, 255])
        let before = connection.preparedStatements
        _ = try connection.run(insert, [.integer(1), .float(2.5), .text("Grüße, 東京 ✓"), .blob(blob), .null])
        // The same text again reuses the prepared statement, with the new values bound.
        _ = try connection.run(insert, [.integer(2), .float(-0.25), .text(""), .blob(ByteBuffer()), .text("second")])
        #expect(connection.preparedStatements == before + 1)
        let rows = try connection.run("SELECT n, x, t, b, z FROM probe ORDER BY n", [])
        #expect(rows.columns == ["n", "x", "t", "b", "z"])
        #expect(rows.values.count == 2)
        #expect(rows.values[0] == [.integer(1), .float(2.5), .text("Grüße, 東京 ✓"), .blob(blob), .null])
        #expect(rows.values[1][0] == .integer(2))
        #expect(rows.values[1][2] == .text(""))
        #expect(rows.values[1][4] == .text("second"))
        // A statement that reads nothing gives its columns and no rows.
        let none = try connection.run("SELECT n FROM probe WHERE n > ?", [.integer(5)])
        #expect(none.columns == ["n"] && none.values.isEmpty)
    }

    @Test func aFailingStatementSaysWhyAndTheConnectionGoesOn() throws {
        let path = Self.temporaryPath()
        defer { TemporaryDatabaseFile.remove(path) }
        let connection = try SQLiteWriterConnection(path: path, busyTimeoutMilliseconds: 1000)
        _ = try connection.run("CREATE TABLE probe (n INTEGER PRIMARY KEY)", [])
        _ = try connection.run("INSERT INTO probe (n) VALUES (?)", [.integer(1)])
        do {
            _ = try connection.run("INSERT INTO probe (n) VALUES (?)", [.integer(1)])
            Issue.record("a duplicate key was accepted")
        } catch let error as SQLiteWriterError {
            #expect(error.isConstraintFailure)
            #expect(!error.isBusy)
            #expect(error.message.contains("UNIQUE"))
        }
        #expect(throws: SQLiteWriterError.self) { _ = try connection.run("SELEKT 1", []) }
        // The failed statement was reset: it runs again with other values.
        _ = try connection.run("INSERT INTO probe (n) VALUES (?)", [.integer(2)])
        #expect(try connection.run("SELECT count(*) AS c FROM probe", []).values == [[.integer(2)]])
        connection.close()
        #expect(throws: SQLiteWriterError.self) { _ = try connection.run("SELECT 1", []) }
    }

    /// Fluent's creates become statement text made once per shape, with every value bound in
    /// the model's column order; what the shortcut does not know goes through SQLKit.
    @Test func aCreateBecomesOneStatementWithItsValuesBoundInColumnOrder() async throws {
        try await TestHelpdesk.with { test in try Self.checkInserts(TimerModel.query(on: test.db).query) }
    }

    static func checkInserts(_ empty: DatabaseQuery) throws {
        var query = empty
        query.action = .create
        // Fluent names a model's fields with extended paths; plain paths are read the same.
        query.fields = ["id", "ticket_id", "kind"].map { .extendedPath([FieldKey(stringLiteral: $0)], schema: "timers", space: nil) }
            + ["due_at", "note"].map { .path([FieldKey(stringLiteral: $0)], schema: "timers") }
        let id = UUID()
        let due = Date(timeIntervalSince1970: 1_800_000_000.5)
        let nothing: String? = nil
        // Keys in any order; a column the row does not provide is left out, as FluentSQL does.
        query.input = [
            .dictionary(["kind": .bind(TimerKind.staleReminder), "id": .bind(id), "ticket_id": .bind(7), "due_at": .bind(due), "note": .bind(nothing)]),
            .dictionary(["id": .default, "ticket_id": .bind(8), "kind": .bind(TimerKind.staleReminder), "due_at": .null, "note": .bind("x")]),
        ]
        let insert = try #require(SQLiteWriterInsert(query, returning: "id", encoder: SQLiteDataEncoder()))
        #expect(insert.sql == #"INSERT INTO "timers" ("id", "ticket_id", "kind", "due_at", "note") VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?) RETURNING "id""#)
        #expect(insert.binds == [.text(id.uuidString), .integer(7), .text("stale-reminder"), .float(1_800_000_000.5), .null,
                                 .null, .integer(8), .text("stale-reminder"), .null, .text("x")])
        var partial = query
        partial.input = [.dictionary(["ticket_id": .bind(7), "kind": .bind(TimerKind.staleReminder)])]
        #expect(try #require(SQLiteWriterInsert(partial, returning: nil, encoder: SQLiteDataEncoder())).sql
                == #"INSERT INTO "timers" ("ticket_id", "kind") VALUES (?, ?)"#)
        // Rows that differ in their columns, values it does not know, and other actions: SQLKit's way.
        var uneven = query
        uneven.input = [.dictionary(["ticket_id": .bind(7)]), .dictionary(["ticket_id": .bind(8), "kind": .bind("x")])]
        #expect(SQLiteWriterInsert(uneven, returning: nil, encoder: SQLiteDataEncoder()) == nil)
        var custom = partial
        custom.input = [.dictionary(["ticket_id": .custom(SQLRaw("7")), "kind": .enumCase("x")])]
        #expect(SQLiteWriterInsert(custom, returning: nil, encoder: SQLiteDataEncoder()) == nil)
        var elsewhere = partial
        elsewhere.fields = [.extendedPath(["ticket_id"], schema: "timers", space: "other")]
        #expect(SQLiteWriterInsert(elsewhere, returning: nil, encoder: SQLiteDataEncoder()) == nil)
        var read = query
        read.action = .read
        #expect(SQLiteWriterInsert(read, returning: nil, encoder: SQLiteDataEncoder()) == nil)
    }

    @Test func randomIdsAreVersion4AndDistinct() {
        let ids = (0..<2_000).map { _ in UUID.randomV4() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.uuid.6 >> 4 == 4)
            #expect(id.uuid.8 >> 6 == 0b10)
        }
        // Not always the same bits elsewhere.
        #expect(Set(ids.map(\.uuid.0)).count > 100)
    }

    @Test(.enabled(if: TestHelpdesk.postgresURL == nil, "SQLite's writer"))
    func changesRunOnTheWritersThreadAndReadWhatTheyWrote() async throws {
        try await TestHelpdesk.with { test in
            let (onWriterLoop, name) = try await test.helpdesk.change(by: .system) { context in
                // Fluent and SQLKit both go through the writer's connection, and see the change's own writes.
                let sql = context.database as! any SQLDatabase
                try await sql.raw("CREATE TEMP TABLE probe (n INTEGER)").run()
                try await sql.raw("INSERT INTO probe (n) VALUES (\(bind: 7))").run()
                struct Row: Decodable { let n: Int }
                let rows = try await sql.raw("SELECT n FROM probe").all(decoding: Row.self)
                #expect(rows.map(\.n) == [7])
                let unit = SupportUnitModel(name: "Probe", tier: .firstLine, parentID: nil, mailingList: "probe@example.org",
                                            serviceLevel: "base", timeZone: "UTC", createdAt: context.now)
                try await unit.create(on: context.database)
                let found = try await SupportUnitModel.query(on: context.database).filter(\.$name == "Probe").first()
                #expect(found?.id == unit.id && found?.mailingList == "probe@example.org")
                // Fluent's create took the writer's own insert statement, not SQLKit's.
                #expect(SQLiteWriterInsert.keepsStatement(into: "support_units"))
                return (context.database.eventLoop.inEventLoop, Self.threadName())
            }
            #expect(onWriterLoop)
            #expect(name.hasPrefix("NIO-ELT"))
            // Committed: the pool's connections read it.
            #expect(try await SupportUnitModel.query(on: test.db).filter(\.$name == "Probe").count() == 1)
        }
    }

    /// `serve` stopping while changes are written: the transaction under way is committed and
    /// its changes answered as usual; what comes after is told to come back (503), never a 500.
    @Test(.enabled(if: TestHelpdesk.postgresURL == nil, "SQLite's writer"))
    func aChangeUnderWayWhenTheWriterStopsIsCommittedAndAnswered() async throws {
        try await TestHelpdesk.with { test in
            let helpdesk = test.helpdesk
            let (inside, entering) = AsyncStream<Void>.makeStream()
            let released = NIOLockedValueBox(false)
            let underWay = Task {
                try await helpdesk.change(by: .system) { context in
                    let sql = context.database as! any SQLDatabase
                    try await sql.raw("CREATE TABLE probe (n INTEGER)").run()
                    entering.yield()
                    for _ in 0..<1_000 where !released.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                    try await sql.raw("INSERT INTO probe (n) VALUES (1)").run()
                    return 1
                }
            }
            for await _ in inside { break }
            let stopping = Task { await helpdesk.writeGate!.writer.shutdownAsync(test.app) }
            try await Task.sleep(for: .milliseconds(50))
            let later = Task { try await helpdesk.change(by: .system) { _ in 2 } }
            try await Task.sleep(for: .milliseconds(50))
            released.withLockedValue { $0 = true }
            #expect(try await underWay.value == 1)
            await stopping.value
            do {
                _ = try await later.value
                Issue.record("a change was accepted after the stop began")
            } catch let error as HelpdeskError {
                guard case .unavailable = error else { Issue.record("unexpected \(error)"); return }
            }
            struct Row: Decodable { let n: Int }
            #expect(try await (test.db as! any SQLDatabase).raw("SELECT n FROM probe").all(decoding: Row.self).map(\.n) == [1])
        }
    }

    @Test(.enabled(if: TestHelpdesk.postgresURL == nil, "SQLite's writer"))
    func aChangeAfterTheWriterStoppedIsToldToComeBackLater() async throws {
        try await TestHelpdesk.with { test in
            let helpdesk = test.helpdesk
            _ = try await helpdesk.change(by: .system) { _ in 1 }
            await helpdesk.writeGate!.writer.shutdownAsync(test.app)
            // A writer stopped before it ever wrote refuses in the same way.
            let unused = SQLiteWriter(path: SQLiteWriterTests.temporaryPath(), busyTimeoutMilliseconds: 100)
            await unused.shutdownAsync(test.app)
            let gate = WriteGate(writer: unused)
            await #expect(throws: HelpdeskError.self) { try await gate.run(on: helpdesk.database) { _ in 1 } }
            do {
                _ = try await helpdesk.change(by: .system) { _ in 1 }
                Issue.record("a change was accepted after the writer stopped")
            } catch let error as HelpdeskError {
                guard case .unavailable = error else { Issue.record("unexpected \(error)"); return }
            }
        }
    }
}
