import Fluent
import Foundation
import SQLKit

/// SQLite's single writer, shared by group commit.
///
/// SQLite lets one transaction write at a time, and a durable commit (WAL, `synchronous=FULL`)
/// costs an fsync. So the changes that arrive while a transaction is being written wait in a
/// queue, and the next transaction takes all of them (up to `maximumBatch`): each change runs in
/// a savepoint of its own, one `COMMIT` makes them durable together, and only then is each
/// change's caller answered. An acknowledged change therefore survives a crash as before, and a
/// change that fails is rolled back to its savepoint without touching the others of its batch.
/// A batch of one change needs no savepoint.
///
/// Changes of one batch run one after the other on one connection, each seeing the changes
/// before it, exactly as if each had its own transaction. The gate and its changes run on the
/// writer's own thread, on the writer's own connection, which runs each statement at once
/// (`SQLiteWriter`). (On PostgreSQL, row locks do this job and the gate is not used.)
actor WriteGate {
    /// Changes one transaction takes at most: bounds how long the last of them waits.
    static let maximumBatch = 64
    /// A transaction commits once its changes have run this long (100 ms unless told), and the
    /// rest wait for the next one: other processes on the file (the mail gate, the commands)
    /// then get the lock between transactions instead of waiting out a long batch on a loaded
    /// machine.
    let maximumTransactionDuration: Duration

    private struct Pending {
        let database: any Database
        let body: @Sendable (any Database) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
        let arrived: ContinuousClock.Instant
    }

    private var queue: [Pending] = []
    private var isWriting = false
    /// Changes waiting for the next transaction.
    var waitingChanges: Int { queue.count }
    /// Transactions written since start (each holding one or more changes).
    private(set) var transactionsWritten = 0
    let busyTimeoutMilliseconds: Int
    /// The thread and connection the transactions are written with.
    let writer: SQLiteWriter
    /// Told how long each change waited, how many waited behind it, and each batch's size.
    let metrics: HelpdeskMetrics?
    /// Runs after the last change of each transaction, outside their savepoints, before the
    /// commit (the search documents of the tickets changed: `PendingSearchDocuments`). If it
    /// fails, the transaction does.
    let beforeCommit: (@Sendable (any SQLDatabase) async throws -> Void)?

    init(writer: SQLiteWriter, metrics: HelpdeskMetrics? = nil, maximumTransactionDuration: Duration = .milliseconds(100),
         beforeCommit: (@Sendable (any SQLDatabase) async throws -> Void)? = nil) {
        self.writer = writer
        self.busyTimeoutMilliseconds = writer.busyTimeoutMilliseconds
        self.metrics = metrics
        self.maximumTransactionDuration = maximumTransactionDuration
        self.beforeCommit = beforeCommit
    }

    /// Runs `body` in a write transaction shared with the changes that wait beside it; returns
    /// (or throws) once that transaction is committed (or rolled back).
    func run<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            queue.append(Pending(database: database, body: { try await body($0) }, continuation: continuation, arrived: .now))
            if !isWriting {
                isWriting = true
                Task(executorPreference: writer.executor) { await self.writeWhileWaiting() }
            }
        }
        return value as! T
    }

    /// Writes batches until nobody waits.
    private func writeWhileWaiting() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.maximumBatch))
            queue.removeFirst(batch.count)
            let started = ContinuousClock.now
            let outcomes = await Self.write(batch.map { ($0.database, $0.body) }, with: writer,
                                            until: started + maximumTransactionDuration, beforeCommit: beforeCommit)
            // The changes the transaction had no time for go first into the next one.
            queue.insert(contentsOf: batch[outcomes.count...], at: 0)
            if let metrics {
                metrics.writeTransaction(nanoseconds: (ContinuousClock.now - started).nanoseconds)
                metrics.commitBatch(size: outcomes.count)
                for pending in batch.prefix(outcomes.count) {
                    metrics.writeGateEntered(waitedNanoseconds: (started - pending.arrived).nanoseconds, waiting: queue.count)
                }
            }
            transactionsWritten += 1
            for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(with: outcome) }
        }
        isWriting = false
    }

    /// One transaction for the batch; the outcome of each change, in order. Changes that start
    /// after `deadline` are left out (at least one runs): fewer outcomes than changes. When the
    /// transaction itself fails (the lock cannot be had, the commit fails), no change of it is
    /// durable and each is answered with that error (a change that failed on its own keeps its own).
    private static func write(
        _ batch: [(database: any Database, body: @Sendable (any Database) async throws -> any Sendable)],
        with writer: SQLiteWriter, until deadline: ContinuousClock.Instant,
        beforeCommit: (@Sendable (any SQLDatabase) async throws -> Void)?
    ) async -> [Result<any Sendable, any Error>] {
        do {
            let connection = try writer.transactionStarts(context: batch[0].database.context, measuredLike: batch[0].database)
            defer { writer.transactionEnded() }
            let sql = connection as! any SQLDatabase
            try await SQLiteWriteTransaction.begin(sql, busyTimeoutMilliseconds: writer.busyTimeoutMilliseconds)
            var outcomes: [Result<any Sendable, any Error>] = []
            do {
                if batch.count == 1 {
                    outcomes.append(.success(try await batch[0].body(connection)))
                } else {
                    for change in batch {
                        if !outcomes.isEmpty && ContinuousClock.now > deadline { break }
                        outcomes.append(try await inSavepoint(change.body, on: connection, sql))
                    }
                }
                try await beforeCommit?(sql)
                try await sql.raw("COMMIT").run()
                return outcomes
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw TransactionFailed(outcomes: outcomes, error: error)
            }
        } catch {
            var failure = (error as? TransactionFailed)?.error ?? error
            // The connection closed under the transaction (a stop that waited in vain): nothing of
            // it was written, and the client may try again.
            if (failure as? SQLiteWriterError)?.isClosed == true {
                failure = HelpdeskError.unavailable("The helpdesk is stopping; the change was not made.")
            }
            let settled = ((error as? TransactionFailed)?.outcomes ?? []).map { outcome -> Result<any Sendable, any Error> in
                if case .failure = outcome { return outcome }
                return .failure(failure)
            }
            return settled + Array(repeating: .failure(failure), count: batch.count - settled.count)
        }
    }

    /// The batch's transaction failed after `outcomes` of its changes had run.
    private struct TransactionFailed: Error {
        let outcomes: [Result<any Sendable, any Error>]
        let error: any Error
    }

    /// Runs one change of a batch in a savepoint: released when it succeeds, rolled back when it
    /// throws. A savepoint that cannot be rolled back fails the whole transaction.
    private static func inSavepoint(
        _ body: @Sendable (any Database) async throws -> any Sendable, on connection: any Database, _ sql: any SQLDatabase
    ) async throws -> Result<any Sendable, any Error> {
        try await sql.raw("SAVEPOINT change").run()
        do {
            let value = try await body(connection)
            try await sql.raw("RELEASE change").run()
            return .success(value)
        } catch {
            try await sql.raw("ROLLBACK TO change").run()
            try await sql.raw("RELEASE change").run()
            return .failure(error)
        }
    }
}
