import CoreMetrics
import Foundation
import Prometheus
import Vapor

/// The helpdesk's metrics, through swift-metrics into a Prometheus registry of the application's
/// own (no process-wide bootstrap: every application, and every test's, counts for itself).
/// Counted where things happen: requests (by route pattern, not by address, so the series stay
/// few), database statements (by kind), the SQLite write gate (waiting writers, time waited,
/// batch sizes, transaction durations), automation passes, mail and
/// webhook deliveries. Backlogs are read from the database when `/metrics` is scraped.
public final class HelpdeskMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    /// Every database statement's duration and failures, by kind.
    let statements: StatementMetrics

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        factory.defaultValueHistogramBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        self.factory = factory
        statements = StatementMetrics(factory: factory)
        // Every series a dashboard expects is there from the start, at zero.
        for outcome in ["sent", "deferred", "failed"] {
            Counter(label: "switchboard_mail_deliveries_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: 0)
        }
        for outcome in ["delivered", "deferred", "failed"] {
            Counter(label: "switchboard_webhook_deliveries_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: 0)
        }
        Counter(label: "switchboard_automation_actions_total", dimensions: [], factory: factory).increment(by: 0)
        Gauge(label: "switchboard_write_queue_depth", dimensions: [], factory: factory).record(0)
        _ = Recorder(label: "switchboard_write_batch_size", dimensions: [], aggregate: true, factory: factory)
        _ = Timer(label: "switchboard_write_transaction_duration_seconds", dimensions: [], factory: factory)
    }

    func requestCompleted(method: String, route: String, status: UInt, nanoseconds: Int64) {
        Counter(label: "switchboard_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))],
                factory: factory).increment()
        Timer(label: "switchboard_http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// A change waited `nanoseconds` for the SQLite write gate, with `waiting` others behind it.
    func writeGateEntered(waitedNanoseconds: Int64, waiting: Int) {
        Timer(label: "switchboard_write_gate_wait_seconds", dimensions: [], factory: factory).recordNanoseconds(waitedNanoseconds)
        Gauge(label: "switchboard_write_queue_depth", dimensions: [], factory: factory).record(waiting)
    }

    /// One SQLite write transaction took `nanoseconds` from `BEGIN IMMEDIATE` to its commit.
    func writeTransaction(nanoseconds: Int64) {
        Timer(label: "switchboard_write_transaction_duration_seconds", dimensions: [], factory: factory).recordNanoseconds(nanoseconds)
    }

    /// One SQLite transaction committed `size` changes together.
    func commitBatch(size: Int) {
        Recorder(label: "switchboard_write_batch_size", dimensions: [], aggregate: true, factory: factory).record(size)
    }

    func automationPass(nanoseconds: Int64, handled: Int) {
        Timer(label: "switchboard_automation_pass_duration_seconds", dimensions: [], factory: factory).recordNanoseconds(nanoseconds)
        Counter(label: "switchboard_automation_actions_total", dimensions: [], factory: factory).increment(by: handled)
    }

    func mailDelivered(sent: Int, deferred: Int, failed: Int) {
        for (outcome, count) in [("sent", sent), ("deferred", deferred), ("failed", failed)] where count > 0 {
            Counter(label: "switchboard_mail_deliveries_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: count)
        }
    }

    func webhooksDelivered(delivered: Int, retried: Int, failed: Int) {
        for (outcome, count) in [("delivered", delivered), ("deferred", retried), ("failed", failed)] where count > 0 {
            Counter(label: "switchboard_webhook_deliveries_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: count)
        }
    }

    /// A value read at scrape time.
    func set(_ label: String, _ dimensions: [(String, String)] = [], to value: Int) {
        Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }

    /// Everything, in the Prometheus text format.
    func exposition() -> String {
        registry.emitToString()
    }
}

extension Application {
    private struct HelpdeskMetricsKey: StorageKey { typealias Value = HelpdeskMetrics }

    /// Set by `configure`.
    public var metrics: HelpdeskMetrics {
        get { storage[HelpdeskMetricsKey.self]! }
        set { storage[HelpdeskMetricsKey.self] = newValue }
    }
}

extension Duration {
    /// The whole nanoseconds of a measured duration, as the metrics take them.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
