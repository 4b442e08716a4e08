import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A pass every `interval` seconds inside `serve`, until the application shuts down: the
/// automation worker and the mail worker. A failed pass is logged and tried again next time.
final class PeriodicWorker: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let name: String
    private let interval: Int
    /// One pass; returns a line to log when it did something.
    private let pass: @Sendable () async throws -> String?

    init(name: String, interval: Int, pass: @escaping @Sendable () async throws -> String?) {
        self.name = name
        self.interval = interval
        self.pass = pass
    }

    func start(_ app: Application) {
        guard interval > 0 else { return }
        let (name, interval, pass, logger) = (self.name, self.interval, self.pass, app.logger)
        task.withLockedValue { current in
            current = Task {
                while !Task.isCancelled {
                    do {
                        if let line = try await pass() { logger.info("\(name): \(line)") }
                    } catch {
                        logger.error("\(name) pass failed (it is tried again next time): \(String(reflecting: error))")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
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
