import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A pass every `interval` seconds inside `serve`, until the application shuts down: the
/// automation worker and the mail worker. A failed pass is logged and tried again next time.
/// `BackgroundWorkers` starts and stops them.
///
/// A pass that has not ended after `passLimit` is abandoned and the next one starts: a pass
/// whose PostgreSQL connection was lost in the middle of a query has been seen to wait for
/// ever, which would stop the automated processes until a restart. Every pass is safe beside
/// another one still running (timers are claimed with SKIP LOCKED, mail and webhook
/// deliveries are leased), as they are between several `serve` instances.
final class PeriodicWorker: Sendable {
    static let defaultPassLimit: Duration = .seconds(600)

    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let name: String
    private let interval: Int
    private let passLimit: Duration
    /// One pass; returns a line to log when it did something.
    private let pass: @Sendable () async throws -> String?

    init(name: String, interval: Int, passLimit: Duration = defaultPassLimit, pass: @escaping @Sendable () async throws -> String?) {
        self.name = name
        self.interval = interval
        self.passLimit = passLimit
        self.pass = pass
    }

    func start(logger: Logger) {
        guard interval > 0 else { return }
        let (name, interval, passLimit, pass) = (self.name, self.interval, self.passLimit, self.pass)
        task.withLockedValue { current in
            current = Task {
                while !Task.isCancelled {
                    let outcome = await Deadline.value(within: passLimit) { () async -> Result<String?, any Error> in
                        do { return .success(try await pass()) } catch { return .failure(error) }
                    }
                    switch outcome {
                    case .success(let line?): logger.info("\(name): \(line)")
                    case .success(nil): break
                    case .failure(let error):
                        logger.error("\(name) pass failed (it is tried again next time): \(String(reflecting: error))")
                    case nil:
                        logger.error("\(name) pass did not end within \(passLimit); left behind, the next pass starts (a lost database connection can do this).")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
                }
            }
        }
    }

    /// Asks the running pass to stop (a pass ends at its next cancellation check) and hands
    /// back its task, to be waited for.
    func cancel() -> Task<Void, Never>? {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        return running
    }
}

extension PeriodicWorker {
    /// The automated processes: a pass on the application's clock.
    static func automation(_ app: Application) -> PeriodicWorker {
        let (helpdesk, metrics) = (app.helpdesk, app.metrics)
        return PeriodicWorker(name: "Automation", interval: app.switchboardConfiguration.automationInterval) {
            let started = ContinuousClock.now
            let handled = try await helpdesk.automation.runAutomation(asOf: helpdesk.clock.now())
            let elapsed = ContinuousClock.now - started
            metrics.automationPass(nanoseconds: elapsed.nanoseconds, handled: handled)
            return handled > 0 ? "handled \(handled) due actions." : nil
        }
    }

    /// Mail delivery, when a transport is configured.
    static func mail(_ app: Application) -> PeriodicWorker? {
        guard let transport = app.mailTransport else {
            app.logger.notice("Mail: SWITCHBOARD_MAIL_TRANSPORT is none; notifications wait in the outbox.")
            return nil
        }
        let (helpdesk, metrics) = (app.helpdesk, app.metrics)
        return PeriodicWorker(name: "Mail", interval: app.switchboardConfiguration.mailInterval) {
            let report = try await helpdesk.mailDelivery.deliver(transport: transport)
            metrics.mailDelivered(sent: report.sent, deferred: report.deferred, failed: report.failed)
            return report.sent + report.deferred + report.failed > 0
                ? "sent \(report.sent), deferred \(report.deferred), failed \(report.failed)." : nil
        }
    }

    /// The repository sync, every SWITCHBOARD_RELEASE_SYNC_MINUTES (off unless set).
    static func releaseSync(_ app: Application) -> PeriodicWorker? {
        let settings = app.switchboardConfiguration.releases
        guard settings.syncIntervalMinutes > 0, !settings.repositories.isEmpty else { return nil }
        let (helpdesk, client, logger) = (app.helpdesk, app.http.client.shared, app.logger)
        return PeriodicWorker(name: "Release sync", interval: settings.syncIntervalMinutes * 60) {
            let report = try await helpdesk.releases.sync(client: client, logger: logger)
            let changes = report.repositories.reduce(0) { $0 + $1.created + $1.moved }
            return changes + report.closedTickets > 0 || report.failed
                ? "\(changes) release changes, \(report.closedTickets) tickets closed\(report.failed ? ", some repositories not read" : "")." : nil
        }
    }
}
