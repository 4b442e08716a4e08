import AsyncHTTPClient
import Crypto
import Fluent
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SQLKit
import SwitchboardCore

/// What one pass of the webhook worker did.
public struct WebhookDeliveryReport: Sendable, Equatable {
    public var delivered = 0
    /// Failed this time, tried again later.
    public var deferred = 0
    /// Given up on, or the endpoint is gone.
    public var failed = 0
}

/// Sending the deliveries: at least once, each POSTed with its signature, retried with a
/// doubling wait, never two workers on one delivery (a lease), no transaction open while the
/// endpoint answers.
public struct WebhookSender: Sendable {
    let helpdesk: Helpdesk
    let client: HTTPClient
    var timeoutSeconds: Int64 = 10
}

extension Helpdesk {
    func webhookSender(client: HTTPClient) -> WebhookSender {
        WebhookSender(helpdesk: self, client: client, timeoutSeconds: Int64(configuration.webhookTimeoutSeconds))
    }
}

extension WebhookSender {
    /// The signature of a body sent at `timestamp`: HMAC-SHA256 under the endpoint's secret of
    /// "timestamp.body", in hex.
    static func signature(secret: String, timestamp: Int, body: Data) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: WebhookRules.signedText(timestamp: timestamp, body: body), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    public func deliver(batchSize: Int = 50, logger: Logger = Logger(label: "switchboard.webhooks")) async throws -> WebhookDeliveryReport {
        var report = WebhookDeliveryReport()
        while true {
            let batch = try await claim(at: helpdesk.clock.now(), limit: batchSize)
            if batch.isEmpty { return report }
            for (delivery, hook) in batch {
                try await send(delivery, to: hook, report: &report, logger: logger)
            }
        }
    }

    private func send(_ delivery: WebhookDeliveryModel, to hook: WebhookModel, report: inout WebhookDeliveryReport, logger: Logger) async throws {
        guard hook.active else {
            try await record(delivery, hook: hook, status: nil, duration: 0, error: "The endpoint was switched off.", outcome: .failed)
            report.failed += 1
            return
        }
        let body = Data(delivery.payload.utf8)
        let timestamp = Int(helpdesk.clock.now().timeIntervalSince1970)
        var request = HTTPClientRequest(url: hook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Switchboard-Webhooks/1")
        request.headers.add(name: "Switchboard-Delivery", value: delivery.id!.uuidString.lowercased())
        request.headers.add(name: "Switchboard-Event", value: delivery.eventKind)
        request.headers.add(name: "Switchboard-Signature",
                            value: WebhookRules.signatureHeader(timestamp: timestamp, hexDigest: Self.signature(secret: hook.secret, timestamp: timestamp, body: body)))
        request.body = .bytes(ByteBuffer(data: body))
        let started = ContinuousClock.now
        var status: Int?
        var failure: String?
        do {
            let response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
            status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)
        } catch {
            failure = Self.describe(error, timeout: timeoutSeconds)
        }
        let elapsed = ContinuousClock.now - started
        let duration = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        switch status {
        case let code? where (200..<300).contains(code):
            try await record(delivery, hook: hook, status: code, duration: duration, error: nil, outcome: .delivered)
            report.delivered += 1
        case 410?:
            try await record(delivery, hook: hook, status: 410, duration: duration, error: "The endpoint answered 410 Gone: it was switched off.",
                             outcome: .gone)
            report.failed += 1
            logger.warning("Webhooks: \(hook.url) answered 410 Gone; the endpoint is switched off.")
        default:
            let error = failure ?? "The endpoint answered \(status ?? 0)."
            let givenUp = try await record(delivery, hook: hook, status: status, duration: duration, error: error, outcome: .retry)
            if givenUp { report.failed += 1 } else { report.deferred += 1 }
        }
    }

    static func describe(_ error: any Error, timeout: Int64) -> String {
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout || client == .connectTimeout {
            return "No answer within \(timeout) s."
        }
        return "Not reached: \(String(describing: error).prefix(300))"
    }

    enum Outcome { case delivered, retry, gone, failed }

    /// Records an attempt; returns whether the delivery was given up.
    @discardableResult
    private func record(_ delivery: WebhookDeliveryModel, hook: WebhookModel, status: Int?, duration: Int, error: String?, outcome: Outcome) async throws -> Bool {
        let now = helpdesk.clock.now()
        return try await helpdesk.change(by: .system) { context in
            delivery.attempts += 1
            delivery.leaseUntil = nil
            delivery.lastStatusCode = status
            delivery.lastDurationMilliseconds = duration
            delivery.lastError = error
            var givenUp = false
            switch outcome {
            case .delivered:
                delivery.state = .delivered
                delivery.deliveredAt = now
                delivery.nextAttemptAt = nil
            case .gone, .failed:
                delivery.state = .failed
                delivery.nextAttemptAt = nil
                givenUp = true
                if outcome == .gone, let current = try await WebhookModel.find(hook.id, on: context.database), current.active {
                    current.active = false
                    current.deactivatedReason = "The endpoint answered 410 Gone on \(ISO8601.format(now))."
                    try await current.save(on: context.database)
                }
            case .retry:
                if let wait = WebhookRules.retryDelay(afterAttempts: delivery.attempts) {
                    delivery.nextAttemptAt = now.addingTimeInterval(wait)
                } else {
                    delivery.state = .failed
                    delivery.nextAttemptAt = nil
                    givenUp = true
                }
            }
            try await delivery.save(on: context.database)
            return givenUp
        }
    }

    /// Leases up to `limit` due deliveries for ten minutes, with their endpoints.
    private func claim(at now: Date, limit: Int) async throws -> [(WebhookDeliveryModel, WebhookModel)] {
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            var query = WebhookDeliveryModel.query(on: database)
                .filter(\.$state == .pending).filter(\.$nextAttemptAt <= now)
                .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
                .sort(\.$nextAttemptAt).sort(\.$createdAt).sort(\.$eventID).limit(limit)
            if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
                struct Row: Decodable { var id: UUID }
                let ids = try await sql.raw("""
                    SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= \(bind: now)
                      AND (lease_until IS NULL OR lease_until < \(bind: now))
                    ORDER BY next_attempt_at, created_at, event_id LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED
                    """).all(decoding: Row.self).map(\.id)
                if ids.isEmpty { return [] }
                query = WebhookDeliveryModel.query(on: database).filter(\.$id ~~ ids).sort(\.$nextAttemptAt).sort(\.$createdAt).sort(\.$eventID)
            }
            let deliveries = try await query.all()
            guard !deliveries.isEmpty else { return [] }
            let hooks = Dictionary(uniqueKeysWithValues: try await WebhookModel.query(on: database)
                .filter(\.$id ~~ Array(Set(deliveries.map { $0.$webhook.id }))).all().map { ($0.id!, $0) })
            let lease = now.addingTimeInterval(600)
            var claimed: [(WebhookDeliveryModel, WebhookModel)] = []
            for delivery in deliveries {
                delivery.leaseUntil = lease
                try await delivery.save(on: database)
                if let hook = hooks[delivery.$webhook.id] { claimed.append((delivery, hook)) }
            }
            return claimed
        }
    }
}
