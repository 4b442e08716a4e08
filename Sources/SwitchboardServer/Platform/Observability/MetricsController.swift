import Fluent
import Foundation
import SQLKit
import Vapor

/// `GET /metrics`, in Prometheus' text format: with `SWITCHBOARD_METRICS_TOKEN` set, for
/// requests that bear it (`Authorization: Bearer …`); without it, only for requests from the
/// loopback that came through no proxy. Backlogs are read from the database at each scrape.
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: metrics)
    }

    func metrics(_ request: Request) async throws -> Response {
        // Answered in plain text, whatever asks: a scraper is not a browser to send to the sign-in page.
        if let refusal = Self.refusal(request) {
            let response = Response(status: refusal.status, body: .init(string: refusal.message + "\n"))
            response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
            if refusal.status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return response
        }
        let metrics = request.application.metrics
        try await Self.readBacklogs(request.helpdesk, into: metrics)
        let response = Response(status: .ok, body: .init(string: metrics.exposition()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func refusal(_ request: Request) -> (status: HTTPStatus, message: String)? {
        if let token = request.application.switchboardConfiguration.metricsToken {
            guard let sent = request.headers.bearerAuthorization?.token, ConstantTime.equal(sent, token) else {
                return (.unauthorized, "The metrics need Authorization: Bearer with SWITCHBOARD_METRICS_TOKEN.")
            }
            return nil
        }
        let peer = request.remoteAddress?.ipAddress ?? ""
        let loopback = peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("::ffff:127.")
        guard loopback, request.headers.first(name: "X-Forwarded-For") == nil, request.headers.first(name: "Forwarded") == nil else {
            return (.forbidden, "The metrics are served to the loopback only; set SWITCHBOARD_METRICS_TOKEN to scrape them from elsewhere.")
        }
        return nil
    }

    /// What waits: due automation timers, mail in the outbox (and failed), webhook deliveries,
    /// and the mail gate's outcomes of the last 24 hours. Counts over indexed columns.
    static func readBacklogs(_ helpdesk: Helpdesk, into metrics: HelpdeskMetrics) async throws {
        let database = helpdesk.database
        let now = helpdesk.clock.now()
        metrics.set("switchboard_automation_due_timers", to: try await TimerModel.query(on: database).filter(\.$dueAt <= now).count())
        metrics.set("switchboard_outbox_messages", [("state", "waiting")],
                    to: try await OutboxMessageModel.query(on: database).filter(\.$sentAt == nil).filter(\.$failedAt == nil).count())
        // A failed message was never sent: the unsent index finds them without reading the sent ones.
        metrics.set("switchboard_outbox_messages", [("state", "failed")],
                    to: try await OutboxMessageModel.query(on: database).filter(\.$sentAt == nil).filter(\.$failedAt != nil).count())
        for state in [WebhookDeliveryState.pending, .failed] {
            metrics.set("switchboard_webhook_backlog", [("state", state.rawValue)],
                        to: try await WebhookDeliveryModel.query(on: database).filter(\.$state == state).count())
        }
        guard let sql = database as? any SQLDatabase else { return }
        struct Outcome: Decodable { var outcome: String; var count: Int }
        let outcomes = try await sql.select().column("outcome").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
            .from(InboundMessageModel.schema).where("received_at", .greaterThan, now.addingTimeInterval(-86_400))
            .groupBy("outcome").all(decoding: Outcome.self)
        for outcome in outcomes {
            metrics.set("switchboard_mailgate_messages_24h", [("outcome", outcome.outcome)], to: outcome.count)
        }
    }
}
