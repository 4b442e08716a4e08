import FluentKit
import Foundation
import Vapor

/// SQLite's single writer: the thread the write gate runs its transactions on, and that thread's
/// connection to the database file, both made at the first write and ended when the application
/// stops (a lifecycle handler, registered before the background workers so that it stops after them).
final class SQLiteWriter: LifecycleHandler, @unchecked Sendable {
    /// The database file (a path or a `file:` URI), the same one the connection pool opens.
    let path: String
    let busyTimeoutMilliseconds: Int

    private let lock = NSLock()
    private var thread: SQLiteWriterThread?
    private var connection: SQLiteWriterConnection?
    private var stopped = false
    /// Transactions under way on the connection (`WriteGate` writes one at a time).
    private var transactionsUnderWay = 0
    /// How long the stop waits for the transaction under way to end.
    static let stopWaitsForTransaction: Duration = .seconds(5)

    init(path: String, busyTimeoutMilliseconds: Int) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }

    /// The writer's thread, as an executor for the gate's task.
    var executor: SQLiteWriterThread {
        lock.withLock {
            if let thread { return thread }
            let made = SQLiteWriterThread()
            // Asked for only after the stop: a thread that sends its work on at once.
            if stopped { made.stopWithoutWaiting() }
            thread = made
            return made
        }
    }

    /// A handle on the writer's connection for one transaction, with `context`'s configuration and
    /// logger, its statements measured like those of `measuredLike` (`MeasuredDatabase`). Opens
    /// the connection the first time. The stop waits for `transactionEnded()`.
    func transactionStarts(context: DatabaseContext, measuredLike other: any Database) throws -> any Database {
        let database = try database(context: context)
        lock.withLock { transactionsUnderWay += 1 }
        guard let measured = other as? MeasuredDatabase else { return database }
        return MeasuredDatabase(base: database, statements: measured.statements)
    }

    /// The transaction begun with `transactionStarts` was committed or rolled back.
    func transactionEnded() {
        lock.withLock { transactionsUnderWay -= 1 }
    }

    func database(context: DatabaseContext) throws -> SQLiteWriterDatabase {
        let open = try lock.withLock {
            if stopped { throw HelpdeskError.unavailable("The helpdesk is stopping; the change was not made.") }
            if let connection { return connection }
            let opened = try SQLiteWriterConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            connection = opened
            return opened
        }
        // Rows arrive on the writer's own loop, where the change runs.
        let onWriterThread = DatabaseContext(configuration: context.configuration, logger: context.logger, eventLoop: executor.eventLoop,
                                             history: context.history, pageSizeLimit: context.pageSizeLimit, shouldTrace: context.shouldTrace)
        return SQLiteWriterDatabase(connection: open, context: onWriterThread)
    }

    /// Refuses new transactions (503), lets the one under way end (at most 5 s: its changes are
    /// committed and answered as usual), then closes the connection and stops the thread. The
    /// stopped thread stays the executor: work sent to it afterwards runs on the global executor,
    /// and a change fails with 503.
    func shutdownAsync(_ application: Application) async {
        lock.withLock { stopped = true }
        let deadline = ContinuousClock.now + Self.stopWaitsForTransaction
        while lock.withLock({ transactionsUnderWay > 0 }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let (connection, thread) = lock.withLock {
            defer { self.connection = nil }
            return (self.connection, self.thread)
        }
        connection?.close()
        await thread?.stop()
    }
}
