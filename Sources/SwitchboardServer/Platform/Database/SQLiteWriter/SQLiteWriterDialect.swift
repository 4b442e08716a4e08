import SQLKit
import SQLiteKit

/// SQLite's dialect for the writer's statements, with one difference: identifiers are quoted
/// without searching them for quotes to double.
///
/// SQLKit escapes every identifier of every statement with the standard library's generic
/// `replacing`, which on Linux was 16% of the writer's time under the filing load (a filing's
/// statements name some 150 tables and columns). Identifiers in this helpdesk are its own table
/// and column names, never anything a person typed, and none holds a quote; so this dialect's
/// quote is not SQLKit's plain `SQLRaw`, which makes SQLKit write the name as it is. Debug builds
/// (the tests) serialise every writer statement with SQLiteKit's own dialect too and stop when the
/// two texts differ (`SQLiteWriterDatabase`).
struct SQLiteWriterDialect: SQLDialect {
    private static let base = SQLiteDialect()

    /// Writes `"`; not an `SQLRaw`, so that SQLKit does not escape the name between two of them.
    private struct DoubleQuote: SQLExpression {
        func serialize(to serializer: inout SQLSerializer) { serializer.write("\"") }
    }

    var name: String { Self.base.name }
    var identifierQuote: any SQLExpression { DoubleQuote() }
    var literalStringQuote: any SQLExpression { Self.base.literalStringQuote }
    func bindPlaceholder(at position: Int) -> any SQLExpression { Self.base.bindPlaceholder(at: position) }
    func literalBoolean(_ value: Bool) -> any SQLExpression { Self.base.literalBoolean(value) }
    var literalDefault: any SQLExpression { Self.base.literalDefault }
    var supportsIfExists: Bool { Self.base.supportsIfExists }
    var supportsDropBehavior: Bool { Self.base.supportsDropBehavior }
    var supportsAutoIncrement: Bool { Self.base.supportsAutoIncrement }
    var autoIncrementClause: any SQLExpression { Self.base.autoIncrementClause }
    var enumSyntax: SQLEnumSyntax { Self.base.enumSyntax }
    var triggerSyntax: SQLTriggerSyntax { Self.base.triggerSyntax }
    var alterTableSyntax: SQLAlterTableSyntax { Self.base.alterTableSyntax }
    var upsertSyntax: SQLUpsertSyntax { Self.base.upsertSyntax }
    var supportsReturning: Bool { Self.base.supportsReturning }
    var unionFeatures: SQLUnionFeatures { Self.base.unionFeatures }
    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? { Self.base.customDataType(for: dataType) }
    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        Self.base.nestedSubpathExpression(in: column, for: path)
    }
}
