import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// One value of a multi-row insert: the few kinds the history import and the report
/// projection write.
enum BulkValue: Sendable, Equatable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)
    case uuid(UUID)
    case date(Date)
    /// A list of strings (`cc`): JSON text on SQLite, an array on PostgreSQL.
    case texts([String])

    init(_ value: (some BulkValueConvertible)?) {
        self = value?.bulkValue ?? .null
    }

    /// The value as SQLiteKit's encoder stores it (a UUID as its upper-case text, a date as
    /// seconds since 1970), so that Fluent reads it back as if it had written it.
    var sqliteData: SQLiteData {
        switch self {
        case .null: .null
        case .integer(let value): .integer(value)
        case .real(let value): .float(value)
        case .text(let value): .text(value)
        case .uuid(let value): .text(value.upperCaseText)
        case .date(let value): .float(value.timeIntervalSince1970)
        case .texts(let values): .text(values.isEmpty ? "[]" : String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self))
        }
    }

    /// The value for SQLKit's binds (every other database).
    var expression: any SQLExpression {
        switch self {
        case .null: SQLLiteral.null
        case .integer(let value): SQLBind(value)
        case .real(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .uuid(let value): SQLBind(value)
        case .date(let value): SQLBind(value)
        case .texts(let values): SQLBind(values)
        }
    }
}

protocol BulkValueConvertible { var bulkValue: BulkValue { get } }
extension Int: BulkValueConvertible { var bulkValue: BulkValue { .integer(self) } }
extension Double: BulkValueConvertible { var bulkValue: BulkValue { .real(self) } }
extension String: BulkValueConvertible { var bulkValue: BulkValue { .text(self) } }
extension UUID: BulkValueConvertible { var bulkValue: BulkValue { .uuid(self) } }
extension Date: BulkValueConvertible { var bulkValue: BulkValue { .date(self) } }

/// Multi-row `INSERT`s, in statements that stay under every database's limit on bound values
/// (SQLite's 32,766 and PostgreSQL's 65,535).
///
/// On SQLite the statement text is made once per shape and the values are bound as they are:
/// SQLKit's serialisation and per-value encoding cost more than SQLite's own work for the
/// history import's batches. Other databases go through SQLKit.
enum BulkInsert {
    static let valuesPerStatement = 8_000

    static func run(into table: String, columns: [String], rows: [[BulkValue]], on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, valuesPerStatement / columns.count)
        let (driver, measured) = MeasuredDatabase.driverDatabase(sql)
        // SQLite's own statement text and values: the writer's connection, or a pooled one.
        let runOnSQLite: (@Sendable (String, [SQLiteData]) async throws -> Void)? =
            if let writer = driver as? SQLiteWriterDatabase { { text, values in _ = try writer.run(text, values) } }
            else if let sqlite = driver as? any SQLiteNIO.SQLiteDatabase, sql.dialect.name == "sqlite" { { text, values in try await sqlite.query(text, values) { _ in } } }
            else { nil }
        if let runOnSQLite {
            var statements: [Int: String] = [:]
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                let chunk = rows[start..<min(start + perStatement, rows.count)]
                let text = statements[chunk.count] ?? SQLiteWriterInsert.statement(into: table, columns: columns, rows: chunk.count)
                statements[chunk.count] = text
                var binds: [SQLiteData] = []
                binds.reserveCapacity(chunk.count * columns.count)
                for row in chunk {
                    precondition(row.count == columns.count, "a row of \(row.count) values for \(columns.count) columns")
                    for value in row { binds.append(value.sqliteData) }
                }
                let values = binds
                if let measured { try await measured.measure(.insert) { try await runOnSQLite(text, values) } } else { try await runOnSQLite(text, values) }
            }
            return
        }
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perStatement, rows.count)] { insert.values(row.map(\.expression)) }
            try await insert.run()
        }
    }
}

extension UUID {
    /// The same text as `uuidString` (upper-case hex with hyphens), made without `snprintf`,
    /// which showed in the import's profile.
    var upperCaseText: String {
        let digits = Array("0123456789ABCDEF".utf8)
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = digits[Int(byte >> 4)]
                    out[at + 1] = digits[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }
}
