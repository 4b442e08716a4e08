import Foundation
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
            // The token is needed, and nothing else is taken for it.
            #expect(try await desk.request(.GET, "/metrics").status == .unauthorized)
            #expect(try await desk.request(.GET, "/metrics", token: "wrong-token-0123456789").status == .unauthorized)
            #expect(try await desk.request(.GET, "/metrics", as: cast.admin).status == .unauthorized)
        }
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
