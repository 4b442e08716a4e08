import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The periodic workers of `serve` (automation, mail, webhooks, the syncs), started together
/// and stopped together when the application shuts down.
///
/// Stopping cancels every worker and waits for their passes to end, but never longer than
/// `stopWait`: a pass whose database went away in the middle of a transaction has been seen
/// never to end (PostgreSQL stopped while `serve` was stopping), and a service that cannot
/// stop keeps its port and waits for systemd's SIGKILL. A pass left behind is abandoned; its
/// transaction was never committed.
final class BackgroundWorkers: LifecycleHandler, Sendable {
    static let defaultStopWait: Duration = .seconds(5)

    private let workers: [PeriodicWorker]
    private let stopWait: Duration

    init(_ workers: [PeriodicWorker], stopWait: Duration = defaultStopWait) {
        self.workers = workers
        self.stopWait = stopWait
    }

    func start(logger: Logger) {
        for worker in workers { worker.start(logger: logger) }
    }

    func shutdownAsync(_ application: Application) async {
        await stop(logger: application.logger)
    }

    /// Cancels every worker, then waits for all of them within one `stopWait`. Returns the
    /// names of the workers whose pass had not ended by then.
    @discardableResult
    func stop(logger: Logger) async -> [String] {
        let running = workers.compactMap { worker in worker.cancel().map { (worker.name, $0) } }
        guard !running.isEmpty else { return [] }
        let ended = await Self.waitForAll(running.map(\.1), atMost: stopWait)
        let leftBehind = zip(running, ended).filter { !$0.1 }.map { $0.0.0 }
        if !leftBehind.isEmpty {
            logger.warning("Stopping without waiting longer for \(leftBehind.joined(separator: ", ")): the pass did not end within \(stopWait) of being cancelled.")
        }
        return leftBehind
    }

    /// Waits until every task has ended or `limit` has passed, whichever comes first; tells
    /// for each task whether it ended.
    static func waitForAll(_ tasks: [Task<Void, Never>], atMost limit: Duration) async -> [Bool] {
        let ended = NIOLockedValueBox([Bool](repeating: false, count: tasks.count))
        _ = await Deadline.value(within: limit) {
            await withTaskGroup(of: Void.self) { group in
                for (index, task) in tasks.enumerated() {
                    group.addTask {
                        await task.value
                        ended.withLockedValue { $0[index] = true }
                    }
                }
            }
        }
        return ended.withLockedValue { $0 }
    }
}
