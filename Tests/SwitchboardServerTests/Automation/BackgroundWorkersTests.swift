import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
@testable import SwitchboardServer

/// The workers of `serve` stop in bounded time and keep going past a pass that never ends
/// (seen when PostgreSQL closed a connection under a query): a service that cannot stop keeps
/// its port, and an automation stuck in one pass would never act again.
@Suite struct BackgroundWorkersTests {
    /// Work that ignores cancellation and ends only after `seconds` (like a query whose
    /// answer never comes, for the length of a test).
    static func uncancellableWait(seconds: Double) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume() }
        }
    }

    @Test func aDeadlineGivesTheAnswerOfWorkThatEndsInTime() async {
        let answer = await Deadline.value(within: .seconds(5)) { 42 }
        #expect(answer == 42)
    }

    @Test func aDeadlineEndsTheWaitForWorkThatOverstays() async {
        let started = ContinuousClock.now
        let answer = await Deadline.value(within: .milliseconds(200)) { () async -> Int in
            await Self.uncancellableWait(seconds: 60)
            return 1
        }
        #expect(answer == nil)
        // Far below the work's minute, with room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func stoppingWaitsForPassesThatEndAndNotLongerForOneThatDoesNot() async throws {
        let finished = NIOLockedValueBox(false)
        let stuck = PeriodicWorker(name: "Stuck", interval: 1) {
            await Self.uncancellableWait(seconds: 60)
            return nil
        }
        let polite = PeriodicWorker(name: "Polite", interval: 1) {
            // Ends as soon as it is cancelled.
            try? await Task.sleep(for: .seconds(30))
            finished.withLockedValue { $0 = true }
            return nil
        }
        let workers = BackgroundWorkers([stuck, polite], stopWait: .seconds(5))
        workers.start(logger: Logger(label: "test"))
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        let leftBehind = await workers.stop(logger: Logger(label: "test"))
        #expect(leftBehind == ["Stuck"])
        #expect(finished.withLockedValue { $0 }, "the pass that honours cancellation ended before stop returned")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func aPassThatNeverEndsIsLeftBehindAndTheNextOneRuns() async throws {
        let passes = NIOLockedValueBox(0)
        let worker = PeriodicWorker(name: "Automation", interval: 1, passLimit: .milliseconds(300)) {
            let number = passes.withLockedValue { count in count += 1; return count }
            if number == 1 { await Self.uncancellableWait(seconds: 60) }
            return nil
        }
        let workers = BackgroundWorkers([worker], stopWait: .milliseconds(200))
        workers.start(logger: Logger(label: "test"))
        // First pass stuck; abandoned after 0.3 s; the next starts one interval later.
        for _ in 0..<300 where passes.withLockedValue({ $0 }) < 2 {
            try await Task.sleep(for: .milliseconds(100))
        }
        await workers.stop(logger: Logger(label: "test"))
        #expect(passes.withLockedValue { $0 } >= 2)
    }
}
