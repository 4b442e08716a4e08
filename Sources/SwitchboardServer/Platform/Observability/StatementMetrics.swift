import CoreMetrics
import Fluent
import NIOCore
import SQLKit

/// How many statements the helpdesk sends to its database and how long each takes, by kind:
/// `switchboard_database_statement_duration_seconds{statement}` (a histogram; its `_count` is
/// the number of statements) and `switchboard_database_statement_failures_total{statement}`.
/// Fed by `MeasuredDatabase`. The metric objects are made once, so a statement costs a clock
/// reading at each end and one histogram update.
final class StatementMetrics: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case select, insert, update, delete, other

        /// A Fluent query's kind.
        init(_ action: DatabaseQuery.Action) {
            switch action {
            case .read, .aggregate: self = .select
            case .create: self = .insert
            case .update: self = .update
            case .delete: self = .delete
            case .custom: self = .other
            }
        }

        /// An SQL statement's kind, from its type or, for raw text, its first word.
        init(_ expression: any SQLExpression) {
            switch expression {
            case is SQLSelect, is SQLUnion: self = .select
            case is SQLInsert: self = .insert
            case is SQLUpdate: self = .update
            case is SQLDelete: self = .delete
            case let raw as SQLQueryString: self = Kind(firstWordOf: raw)
            case let raw as SQLRaw: self = Kind(firstWord: raw.sql)
            default: self = .other
            }
        }

        private init(firstWordOf raw: SQLQueryString) {
            var serializer = SQLSerializer(database: KindProbe())
            raw.serialize(to: &serializer)
            self.init(firstWord: serializer.sql)
        }

        init(firstWord sql: String) {
            let word = sql.drop { $0.isWhitespace || $0 == "(" }.prefix { $0.isLetter }.lowercased()
            switch word {
            case "select", "with": self = .select
            case "insert": self = .insert
            case "update": self = .update
            case "delete": self = .delete
            default: self = .other
            }
        }
    }

    private let durations: [Kind: Timer]
    private let failures: [Kind: Counter]

    init(factory: any MetricsFactory) {
        var durations: [Kind: Timer] = [:]
        var failures: [Kind: Counter] = [:]
        for kind in Kind.allCases {
            durations[kind] = Timer(label: "switchboard_database_statement_duration_seconds", dimensions: [("statement", kind.rawValue)], factory: factory)
            let counter = Counter(label: "switchboard_database_statement_failures_total", dimensions: [("statement", kind.rawValue)], factory: factory)
            counter.increment(by: 0)
            failures[kind] = counter
        }
        self.durations = durations
        self.failures = failures
    }

    func measure<T>(_ kind: Kind, _ statement: () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let started = NIODeadline.now()
        return statement().always { result in
            self.record(kind, nanoseconds: (NIODeadline.now() - started).nanoseconds, failed: { if case .failure = result { true } else { false } }())
        }
    }

    func measure<T>(_ kind: Kind, _ statement: () async throws -> T) async throws -> T {
        let started = NIODeadline.now()
        do {
            let value = try await statement()
            record(kind, nanoseconds: (NIODeadline.now() - started).nanoseconds, failed: false)
            return value
        } catch {
            record(kind, nanoseconds: (NIODeadline.now() - started).nanoseconds, failed: true)
            throw error
        }
    }

    private func record(_ kind: Kind, nanoseconds: Int64, failed: Bool) {
        durations[kind]!.recordNanoseconds(nanoseconds)
        if failed { failures[kind]!.increment() }
    }
}

/// Serialises raw SQL text only to read its first word (the dialect does not matter for that).
private struct KindProbe: SQLDatabase {
    var logger: Logger { Logger(label: "statement-kind") }
    var eventLoop: any EventLoop { fatalError("not used") }
    var dialect: any SQLDialect { ProbeDialect() }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> { fatalError("not used") }

    struct ProbeDialect: SQLDialect {
        var name: String { "probe" }
        var identifierQuote: any SQLExpression { SQLRaw("\"") }
        var literalStringQuote: any SQLExpression { SQLRaw("'") }
        func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?") }
        func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "1" : "0") }
        var supportsAutoIncrement: Bool { true }
        var autoIncrementClause: any SQLExpression { SQLRaw("") }
    }
}
