import Foundation
import NIOCore
import SQLiteNIO
import VaporCSQLite

/// The single writer's own connection to the SQLite file, called directly and synchronously.
///
/// Through SQLiteNIO every statement went from the change's task to a thread of its pool and back
/// (and each row once more to an event loop): 100–350 µs a statement, most of it waiting for
/// threads to wake, while SQLite's own work is a few microseconds. This connection is only ever
/// used by the write gate's thread (`SQLiteWriterThread`), which has nothing else to do, so it
/// calls SQLite where it stands and keeps each statement text prepared for the next time.
///
/// It uses the SQLite that SQLiteNIO bundles (`sqlite_nio_` functions): a second copy of SQLite
/// in one process would break the file locking between the two.
final class SQLiteWriterConnection: @unchecked Sendable {
    /// Prepared statements kept, by their text; the oldest goes when a new one comes in beyond this.
    static let keptStatements = 256

    private let lock = NSLock()
    private var handle: OpaquePointer?
    private var prepared: [String: OpaquePointer] = [:]
    private var preparedOrder: [String] = []

    /// Opens the file at `path` (a path or a `file:` URI) with the settings every connection of the
    /// helpdesk has: foreign keys on, full synchronous commits, and a busy timeout. Temporary data
    /// stays in memory: each change of a shared transaction has a savepoint, whose undo journal
    /// SQLite otherwise writes to a temporary file (5% of the writer's time under the filing load,
    /// for nothing durable: it only serves rolling back to the savepoint).
    init(path: String, busyTimeoutMilliseconds: Int) throws {
        sqlite_nio_sqlite3_initialize()
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close(handle) }
            throw SQLiteWriterError(code: opened, message: "The database file \(path) cannot be opened for writing.")
        }
        self.handle = handle
        do {
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
                           "PRAGMA temp_store = MEMORY"] {
                _ = try run(pragma, [])
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Runs one statement with its values bound in order; its rows.
    func run(_ sql: String, _ binds: [SQLiteData]) throws -> SQLiteWriterRows {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { throw SQLiteWriterError.closed }
        let statement = try statement(for: sql, on: handle)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            let code = bind(value, at: Int32(index + 1), in: statement)
            guard code == SQLITE_OK else { throw error(code, on: handle) }
        }
        let columnCount = sqlite_nio_sqlite3_column_count(statement)
        var rows = SQLiteWriterRows(columns: (0..<columnCount).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw error(code, on: handle) }
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount { values.append(Self.value(at: column, of: statement)) }
            rows.values.append(values)
        }
        return rows
    }

    /// Statements prepared and kept.
    var preparedStatements: Int { lock.withLock { prepared.count } }

    /// Closes the connection; later statements fail with an error.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        prepared = [:]
        preparedOrder = []
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    private func statement(for sql: String, on handle: OpaquePointer) throws -> OpaquePointer {
        if let statement = prepared[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, on: handle) }
        if preparedOrder.count >= Self.keptStatements {
            let oldest = preparedOrder.removeFirst()
            if let old = prepared.removeValue(forKey: oldest) { sqlite_nio_sqlite3_finalize(old) }
        }
        prepared[sql] = statement
        preparedOrder.append(sql)
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): return sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .text(let text):
            return sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), Self.transient)
            }
        }
    }

    private static func value(at column: Int32, of statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func error(_ code: Int32, on handle: OpaquePointer) -> SQLiteWriterError {
        let message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(code)"
        return SQLiteWriterError(code: sqlite_nio_sqlite3_extended_errcode(handle), message: message)
    }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The rows of one statement: column names once, then each row's values in that order.
struct SQLiteWriterRows: Sendable {
    let columns: [String]
    var values: [[SQLiteData]] = []
}

/// A statement of the writer's connection failed; `code` is SQLite's extended result code.
struct SQLiteWriterError: Error, CustomStringConvertible, LocalizedError {
    let code: Int32
    let message: String

    var description: String { message }
    var errorDescription: String? { message }

    /// The connection was closed before the statement.
    static let closed = SQLiteWriterError(code: SQLITE_MISUSE, message: "The writer's database connection is closed.")
    var isClosed: Bool { code == Self.closed.code && message == Self.closed.message }

    /// SQLITE_BUSY or SQLITE_LOCKED, in any of their extended variants.
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    /// A constraint (unique, foreign key, check, not null) failed.
    var isConstraintFailure: Bool { code & 0xFF == SQLITE_CONSTRAINT }
}
