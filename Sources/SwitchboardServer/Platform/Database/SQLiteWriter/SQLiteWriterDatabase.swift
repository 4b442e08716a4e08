import FluentKit
import FluentSQL
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The database handle a change gets inside the write gate's transaction on SQLite: Fluent's
/// queries and SQLKit's statements, each run at once on the writer's connection
/// (`SQLiteWriterConnection`), on the thread the change runs on (`SQLiteWriterThread`).
///
/// It turns Fluent's queries into SQL the way FluentSQLiteDriver does (the same converter, and
/// a created row's identifier read back with `RETURNING`), binds values with SQLiteKit's encoder
/// and decodes rows with its decoder, so a change reads and writes exactly what it would through
/// the driver. It is always inside the gate's transaction: a nested transaction is the same one.
struct SQLiteWriterDatabase: Database, SQLDatabase {
    let connection: SQLiteWriterConnection
    let context: DatabaseContext

    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    var inTransaction: Bool { true }
    var dialect: any SQLDialect { SQLiteWriterDialect() }
    var version: (any SQLDatabaseReportedVersion)? { nil }

    // MARK: Fluent

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        // As FluentSQLiteDriver does: a create reads its identifier back (an empty custom key is
        // Fluent's sign for a composite identifier, which has none to read).
        var returning: String?
        if case .create = query.action, query.customIDKey != .some(.string("")) { returning = (query.customIDKey ?? .id).description }
        if let insert = SQLiteWriterInsert(query, returning: returning, encoder: Self.encoder) {
            do {
                try run(insert.sql, binds: insert.binds) { onOutput(SQLiteWriterOutput(row: $0, schema: nil)) }
                return eventLoop.makeSucceededFuture(())
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        }
        var converted = SQLQueryConverter(delegate: SQLiteWriterConverterDelegate()).convert(query)
        if let returning {
            converted = SQLList([converted, SQLReturning(SQLColumn(returning))], separator: SQLRaw(" "))
        }
        return execute(sql: converted) { onOutput(SQLiteWriterOutput(row: $0, schema: nil)) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        execute(sql: SQLSchemaConverter(delegate: SQLiteWriterConverterDelegate()).convert(schema)) { _ in }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        eventLoop.makeSucceededFuture(())
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    // MARK: SQLKit

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededFuture(())
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// Statement text already made, with values already in SQLite's terms (bulk inserts).
    func run(_ sql: String, _ binds: [SQLiteData]) throws -> SQLiteWriterRows {
        try connection.run(sql, binds)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, binds) = serialize(query)
        #if DEBUG
        // The writer's dialect leaves identifiers unescaped: it must give SQLiteKit's own text.
        var checked = SQLSerializer(database: SQLiteDialectOnly(base: self))
        query.serialize(to: &checked)
        precondition(checked.sql == sql, "An identifier needs escaping; the writer's dialect would write it wrong: \(checked.sql)")
        #endif
        try run(sql, binds: binds.map { try Self.encoder.encode($0) }, onRow)
    }

    /// Runs statement text with values in SQLite's terms, logged as SQLKit's statements are.
    private func run(_ sql: String, binds: [SQLiteData], _ onRow: (any SQLRow) -> ()) throws {
        if let level = queryLogLevel {
            logger.log(level: level, "Executing query", metadata: ["sql": .string(sql)])
        }
        let rows = try connection.run(sql, binds)
        guard !rows.values.isEmpty else { return }
        let columns = SQLiteWriterRow.Columns(rows.columns)
        for values in rows.values { onRow(SQLiteWriterRow(columns: columns, values: values, decoder: Self.decoder)) }
    }
}

#if DEBUG
/// The writer's handle with SQLiteKit's own dialect, to check the writer's (debug builds only).
private struct SQLiteDialectOnly: SQLDatabase {
    let base: SQLiteWriterDatabase
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var dialect: any SQLDialect { SQLiteDialect() }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }
}
#endif

/// One row the writer's connection read, decoded by column name with SQLiteKit's decoder.
struct SQLiteWriterRow: SQLRow {
    /// The column names of a statement's rows, shared by all of them.
    final class Columns: Sendable {
        let names: [String]
        let offsets: [String: Int]

        init(_ names: [String]) {
            self.names = names
            self.offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteData]
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.offsets[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offsets[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offsets[column] else {
            throw DecodingError.keyNotFound(SomeCodingKey(column), .init(codingPath: [], debugDescription: "No column \(column) in the row."))
        }
        return try decoder.decode(D.self, from: values[offset])
    }

    private struct SomeCodingKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A row as Fluent reads a model from it (FluentSQLiteDriver keeps its own private).
private struct SQLiteWriterOutput: DatabaseOutput {
    let row: any SQLRow
    let schema: String?

    var description: String { String(describing: row) }

    private func column(_ key: FieldKey) -> String {
        (schema.map { .prefix(.prefix(.string($0), "_"), key) } ?? key).description
    }

    func schema(_ schema: String) -> any DatabaseOutput { SQLiteWriterOutput(row: row, schema: schema) }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: column(key), as: T.self) }
}

/// SQLite's names for Fluent's data types, as FluentSQLiteDriver gives them.
private struct SQLiteWriterConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string, .enum: SQLRaw("TEXT")
        case .datetime: SQLRaw("REAL")
        case .int64: SQLRaw("INTEGER")
        default: nil
        }
    }
}
