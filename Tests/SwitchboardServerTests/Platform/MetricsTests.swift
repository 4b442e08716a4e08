import Fluent
import FluentPostgresDriver
import SQLiteNIO
import Foundation
import Prometheus
import SQLKit
import Testing
import Vapor
@testable import SwitchboardServer

/// `/metrics`: who may scrape it, and what it tells.
@Suite struct MetricsTests {
    static let token = "metrics-token-0123456789"

    @Test func requestsAreCountedByRoutePatternAndBacklogsRead() async throws {
        try await TestHelpdesk.with(configure: { $0.metricsToken = Self.token }) { desk in
            let cast = try await desk.cast()
            let ticket = try await desk.fileTicket(as: cast.alice)
            _ = try await desk.ticket(ticket, as: cast.alice)
            _ = try await desk.request(.GET, "/api/v1/tickets/999999", as: cast.alice)
            _ = try await desk.request(.GET, "/no/such/page/\(ticket)")
            let scraped = try await desk.request(.GET, "/metrics", token: Self.token)
            #expect(scraped.status == .ok && scraped.headers.contentType?.description.hasPrefix("text/plain") == true)
            let text = scraped.body.string
            #expect(text.contains(#"switchboard_http_requests_total{method="GET",route="/api/v1/tickets/:ticketID",status="200"} 1"#), "\(text)")
            #expect(text.contains(#"switchboard_http_requests_total{method="GET",route="/api/v1/tickets/:ticketID",status="404"} 1"#))
            #expect(text.contains(#"route="unmatched""#) && !text.contains("/no/such/page"), "an address without a route is one series")
            #expect(text.contains(#"switchboard_http_request_duration_seconds_bucket{method="POST",route="/api/v1/tickets",le="+Inf"} 1"#))
            // The ticket's notifications wait in the outbox (no transport in the tests).
            let waiting = try #require(text.split(separator: "\n").first { $0.hasPrefix(#"switchboard_outbox_messages{state="waiting"}"#) })
            #expect((Double(waiting.split(separator: " ").last ?? "") ?? 0) > 0, "\(waiting)")
            #expect(text.contains("switchboard_automation_due_timers ") && text.contains(#"switchboard_webhook_backlog{state="pending"} 0"#))
            #expect(text.contains("switchboard_write_queue_depth") && text.contains(#"switchboard_mail_deliveries_total{outcome="failed"} 0"#))
            // The SQLite writer's transactions and their batches (PostgreSQL has no single writer: the series stay at zero).
            for series in ["switchboard_write_batch_size_count", "switchboard_write_transaction_duration_seconds_count"] {
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(series + " ") }, "\(series)")
                let count = Double(line.split(separator: " ").last ?? "") ?? -1
                #expect(TestHelpdesk.postgresURL == nil ? count >= 1 : count == 0, "\(line)")
            }
            // Every database statement, by kind.
            for kind in ["select", "insert", "update"] {
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(#"switchboard_database_statement_duration_seconds_count{statement="\#(kind)"}"#) })
                #expect((Double(line.split(separator: " ").last ?? "") ?? 0) >= 1, "\(line)")
            }
            #expect(text.contains(#"switchboard_database_statement_failures_total{statement="select"} 0"#))
            // The token is needed, and nothing else is taken for it.
            #expect(try await desk.request(.GET, "/metrics").status == .unauthorized)
            #expect(try await desk.request(.GET, "/metrics", token: "wrong-token-0123456789").status == .unauthorized)
            #expect(try await desk.request(.GET, "/metrics", as: cast.admin).status == .unauthorized)
        }
    }

    /// Each statement is counted once, under its kind, through the connections and transactions
    /// the measured handle gives out too; a failing one is also counted as failed.
    @Test func databaseStatementsAreCountedOnceByKind() async throws {
        try await TestHelpdesk.with { desk in
            let registry = PrometheusCollectorRegistry()
            let statements = StatementMetrics(factory: PrometheusMetricsFactory(registry: registry))
            let driver = try #require(MeasuredDatabase.driverDatabase(desk.db as! any SQLDatabase).database as? any Database & SQLDatabase)
            let db = MeasuredDatabase(base: driver, statements: statements)
            func count(_ series: String, _ kind: String) -> Int {
                let line = registry.emitToString().split(separator: "\n").first { $0.hasPrefix(series + #"{statement="\#(kind)"}"#) }
                return Int(line?.split(separator: " ").last ?? "") ?? -1
            }
            let durations = "switchboard_database_statement_duration_seconds_count"
            _ = try await SupportUnitModel.query(on: db).all()
            try await db.raw("SELECT 1 AS one").run()
            try await db.select().column(SQLLiteral.numeric("1"), as: "one").run()
            #expect(count(durations, "select") == 3)
            #expect(count(durations, "insert") == 0 && count(durations, "other") == 0)
            await #expect(throws: (any Error).self) { try await db.raw("SELECT * FROM no_such_table").run() }
            #expect(count(durations, "select") == 4 && count("switchboard_database_statement_failures_total", "select") == 1)
            // Inside a Fluent transaction (whose BEGIN and COMMIT the driver sends itself, unseen)
            // and on a connection (where the write gate sends its own, seen as "other").
            try await db.transaction { transaction in
                _ = try await SupportUnitModel.query(on: transaction).count()
                try await (transaction as! any SQLDatabase).raw("UPDATE support_units SET name = name WHERE 1 = 0").run()
            }
            try await db.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("BEGIN").run()
                try await sql.delete(from: "ticket_subscriptions").where("ticket_id", .equal, -1).run()
                try await sql.raw("ROLLBACK").run()
            }
            #expect(count(durations, "select") == 5 && count(durations, "update") == 1 && count(durations, "delete") == 1)
            #expect(count(durations, "other") == 2, "BEGIN and ROLLBACK")
        }
    }

    /// The bulk inserts (SQLite's bound text) and the report reads (PostgreSQL's typed rows)
    /// reach the driver's own interface through the measured handle.
    @Test func theDriversOwnHandleIsReachable() async throws {
        try await TestHelpdesk.with { desk in
            let (driver, statements) = MeasuredDatabase.driverDatabase(desk.db as! any SQLDatabase)
            #expect(statements != nil && !(driver is MeasuredDatabase))
            if DatabaseSetup.isSQLite(desk.db) {
                #expect(driver is any SQLiteNIO.SQLiteDatabase)
            } else {
                #expect(driver is any PostgresDatabase)
            }
            try await desk.db.withConnection { connection in
                #expect(MeasuredDatabase.driverDatabase(connection as! any SQLDatabase).statements != nil, "a connection is measured too")
            }
        }
    }

    @Test func rawStatementsAreKnownByTheirFirstWord() {
        typealias Kind = StatementMetrics.Kind
        #expect(Kind(firstWord: "  select 1") == .select && Kind(firstWord: "WITH t AS (SELECT 1) SELECT * FROM t") == .select)
        #expect(Kind(firstWord: "(SELECT 1) UNION (SELECT 2)") == .select && Kind(firstWord: "INSERT INTO x VALUES (1)") == .insert)
        #expect(Kind(firstWord: "UPDATE x SET y = 1") == .update && Kind(firstWord: "DELETE FROM x") == .delete)
        #expect(Kind(firstWord: "BEGIN IMMEDIATE") == .other && Kind(firstWord: "PRAGMA optimize") == .other && Kind(firstWord: "") == .other)
        #expect(Kind(SQLQueryString("SELECT \(bind: 1)")) == .select && Kind(SQLRaw("SAVEPOINT change")) == .other)
    }

    @Test func withoutATokenOnlyTheLoopbackMayScrape() async throws {
        try await TestHelpdesk.with { desk in
            // The in-process tester has no peer address: not the loopback.
            let answer = try await desk.request(.GET, "/metrics")
            #expect(answer.status == .forbidden)
        }
        #expect(throws: SwitchboardConfiguration.Invalid.self) { try SwitchboardConfiguration.fromEnvironment(["SWITCHBOARD_METRICS_TOKEN": "short"]) }
        #expect(throws: SwitchboardConfiguration.Invalid.self) { try SwitchboardConfiguration.fromEnvironment(["SWITCHBOARD_LOG_FORMAT": "xml"]) }
    }

    @Test func structuredLogLinesStayOneLineAndQuoteWhatNeedsIt() {
        let line = StructuredLogHandler.logfmt([("msg", "request"), ("route", "/api/v1/tickets/:ticketID"), ("note", "two words \"quoted\"\nnext")])
        #expect(line == #"msg=request route=/api/v1/tickets/:ticketID note="two words \"quoted\"\nnext""#)
        let json = StructuredLogHandler.json([("msg", "a\u{1B}[31m"), ("level", "info")])
        #expect(json == #"{"msg":"a\u001b[31m","level":"info"}"#)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any])
    }
}
