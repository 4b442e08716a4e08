import Fluent
import Foundation
import NIOCore
import SQLKit

/// A database handle that counts and times every statement sent through it, for `/metrics`:
/// Fluent's queries (by their action), SQL (by its kind: select, insert, update, delete, or
/// other — transaction control, pragmas, schema), and the ones that fail. It wraps the driver's
/// own handle and forwards everything else unchanged; the connections and transactions it hands
/// out are measured too. Measuring costs two clock readings and a histogram update per
/// statement (well under a microsecond, against 30–200 µs for the statement).
///
/// Code that needs a driver's own interface (SQLite's bound-text queries, PostgreSQL's typed
/// rows) unwraps it with `driverDatabase(_:)` and measures those statements itself.
struct MeasuredDatabase: Database, MeasuredSQL {
    let base: any Database & SQLDatabase
    let statements: StatementMetrics

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        statements.measure(StatementMetrics.Kind(query.action)) { base.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        statements.measure(.other) { base.execute(schema: schema) }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        statements.measure(.other) { base.execute(enum: `enum`) }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction { closure(MeasuredDatabase(wrapping: $0, statements: statements)) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { closure(MeasuredDatabase(wrapping: $0, statements: statements)) }
    }

    var sqlBase: any SQLDatabase { base }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession { session in
            try await closure(MeasuredSQLSession(base: session, statements: statements))
        }
    }

    /// Wraps a handle the driver gave out (a connection, a transaction). Fluent's SQL drivers
    /// always hand out handles that speak SQL too; anything else is passed on unmeasured.
    init(wrapping database: any Database, statements: StatementMetrics) {
        self.init(base: database as! any Database & SQLDatabase, statements: statements)
    }

    init(base: any Database & SQLDatabase, statements: StatementMetrics) {
        self.base = base
        self.statements = statements
    }

    /// The driver's own handle behind `database`, with the metrics its statements belong to
    /// (nil for a handle that is not measured).
    static func driverDatabase(_ database: any SQLDatabase) -> (database: any SQLDatabase, statements: StatementMetrics?) {
        if let measured = database as? MeasuredDatabase { return (measured.base, measured.statements) }
        if let session = database as? MeasuredSQLSession { return (session.base, session.statements) }
        return (database, nil)
    }
}

/// An SQL session (SQLKit's `withSession`) whose statements are measured.
struct MeasuredSQLSession: MeasuredSQL {
    let base: any SQLDatabase
    let statements: StatementMetrics

    var sqlBase: any SQLDatabase { base }
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
}

/// What the measured handles share: the driver's dialect and version, each statement measured.
protocol MeasuredSQL: SQLDatabase {
    var sqlBase: any SQLDatabase { get }
    var statements: StatementMetrics { get }
}

extension MeasuredSQL {
    var dialect: any SQLDialect { sqlBase.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sqlBase.version }
    var queryLogLevel: Logger.Level? { sqlBase.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        statements.measure(StatementMetrics.Kind(query)) { sqlBase.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await statements.measure(StatementMetrics.Kind(query)) { try await sqlBase.execute(sql: query, onRow) }
    }
}

/// Registers a driver whose database handles are measured.
struct MeasuredDatabaseConfiguration: DatabaseConfiguration {
    var measured: any DatabaseConfiguration
    let statements: StatementMetrics

    var middleware: [any AnyModelMiddleware] {
        get { measured.middleware }
        set { measured.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(base: measured.makeDriver(for: databases), configuration: measured, statements: statements)
    }

    struct Driver: DatabaseDriver {
        let base: any DatabaseDriver
        let configuration: any DatabaseConfiguration
        let statements: StatementMetrics

        func makeDatabase(with context: DatabaseContext) -> any Database {
            // The driver sees its own configuration, as if it were registered directly.
            let own = DatabaseContext(configuration: configuration, logger: context.logger, eventLoop: context.eventLoop,
                                      history: context.history, pageSizeLimit: context.pageSizeLimit, shouldTrace: context.shouldTrace)
            return MeasuredDatabase(wrapping: base.makeDatabase(with: own), statements: statements)
        }

        func shutdown() { base.shutdown() }
        func shutdownAsync() async { await base.shutdownAsync() }
    }
}
