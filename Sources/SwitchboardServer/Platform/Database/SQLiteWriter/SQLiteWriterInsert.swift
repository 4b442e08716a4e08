import FluentKit
import NIOConcurrencyHelpers
import SQLiteKit
import SQLiteNIO

/// Fluent's `create` queries as SQLite statements without SQLKit: the statement text made once
/// per shape (table, columns, rows) and kept, the values bound in column order.
///
/// A filing inserts six rows through Fluent; converting each query to SQLKit's expression tree
/// and serialising it again every time was a tenth of the writer's time under the filing load,
/// for text that never changes. The statement is what FluentSQL writes (`SQLQueryConverter`):
/// the columns the first row provides, in the model's field order, and `RETURNING` the key a
/// created model reads back, except that a missing value (`NULL`, or `DEFAULT`, which SQLite's
/// dialect writes as `NULL`) is bound instead of written into the text. Queries of any other
/// kind, or with values this does not know (enum cases, custom SQL, nested values), go through
/// SQLKit as before.
struct SQLiteWriterInsert {
    let sql: String
    let binds: [SQLiteData]

    private struct Shape: Hashable {
        let table: String
        let columns: [String]
        let rows: Int
        let returning: String?
    }

    private static let statements = NIOLockedValueBox<[Shape: String]>([:])
    /// Shapes kept at most; a program has a few dozen.
    static let keptShapes = 512

    /// The statement for `query`, or nil when it is not a plain insert of known values.
    init?(_ query: DatabaseQuery, returning: String?, encoder: SQLiteDataEncoder) {
        guard case .create = query.action, query.space == nil, case .dictionary(let first)? = query.input.first else { return nil }
        var columns: [FieldKey] = []
        for field in query.fields {
            // Fluent names a model's fields with extended paths (schema and space); FluentSQL takes the first key.
            let key: FieldKey?
            switch field {
            case .path(let path, let schema) where schema == query.schema: key = path.first
            case .extendedPath(let path, let schema, nil) where schema == query.schema: key = path.first
            default: return nil
            }
            guard let key else { return nil }
            if first[key] != nil { columns.append(key) }
        }
        guard columns.count == first.count else { return nil }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(columns.count * query.input.count)
        for input in query.input {
            guard case .dictionary(let values) = input, values.count == columns.count else { return nil }
            for column in columns {
                switch values[column] {
                case .bind(let value)?:
                    if let optional = value as? any AnyOptionalType, optional.wrappedValue == nil {
                        binds.append(.null)
                    } else {
                        guard let data = try? encoder.encode(value) else { return nil }
                        binds.append(data)
                    }
                case .null?, .default?: binds.append(.null)
                default: return nil
                }
            }
        }
        let shape = Shape(table: query.schema, columns: columns.map(\.description), rows: query.input.count, returning: returning)
        if let kept = Self.statements.withLockedValue({ $0[shape] }) {
            sql = kept
        } else {
            let made = Self.statement(into: shape.table, columns: shape.columns, rows: shape.rows, returning: returning)
            Self.statements.withLockedValue { if $0.count < Self.keptShapes { $0[shape] = made } }
            sql = made
        }
        self.binds = binds
    }

    /// Whether a statement for `table` was made and kept (tests: Fluent's creates take this way).
    static func keepsStatement(into table: String) -> Bool {
        statements.withLockedValue { $0.keys.contains { $0.table == table } }
    }

    /// `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?) RETURNING "id"`
    static func statement(into table: String, columns: [String], rows: Int, returning: String? = nil) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var text = "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
        if let returning { text += " RETURNING \(quoted(returning))" }
        return text
    }

    static func quoted(_ name: String) -> String {
        "\"" + (name.utf8.contains(UInt8(ascii: "\"")) ? name.replacingOccurrences(of: "\"", with: "\"\"") : name) + "\""
    }
}
