import Fluent
import Foundation
import FluentSQLiteDriver
import SQLKit

/// A write transaction on SQLite that waits for the file's write lock instead of failing.
///
/// Other processes write to the same file (`switchboard mailgate`, the commands), so the
/// in-process `WriteGate` is not enough. Fluent's transaction starts with a deferred `BEGIN`:
/// a transaction that reads first and writes later then fails at once with `SQLITE_BUSY` when
/// another process wrote in between, and no busy timeout would help. Here every write
/// transaction takes the write lock at its start (`BEGIN IMMEDIATE`), waiting up to the busy
/// timeout for it; if the lock still cannot be had after a few tries, the caller is told to
/// come back later (`HelpdeskError.unavailable`, a 503 with Retry-After), never a 500.
/// `WriteGate` opens these transactions, one for each batch of changes.
enum SQLiteWriteTransaction {
    /// Attempts at the write lock, each waiting up to the busy timeout.
    static let attempts = 3

    /// `BEGIN IMMEDIATE`, again after a short pause while another process holds the lock.
    /// Only this statement is retried: nothing has happened yet when it fails.
    static func begin(_ sql: any SQLDatabase, busyTimeoutMilliseconds: Int) async throws {
        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
        for attempt in 1...attempts {
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                return
            } catch let error where isBusy(error) {
                if attempt == attempts { break }
                try await Task.sleep(nanoseconds: UInt64(attempt) * 50_000_000)
            }
        }
        throw HelpdeskError.unavailable("The database is busy with other writers; try again in a moment.")
    }

    /// SQLITE_BUSY or SQLITE_LOCKED in any of their variants.
    static func isBusy(_ error: any Error) -> Bool {
        if let error = error as? SQLiteWriterError { return error.isBusy }
        guard let error = error as? SQLiteError else { return false }
        switch error.reason {
        case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache, .lockedVirtualTable: return true
        default: return false
        }
    }
}
