import Foundation
import NIOCore
import NIOPosix

/// A thread of its own for SQLite's single writer: an event loop, usable as a task executor. The
/// write gate's task prefers it (`Task(executorPreference:)`), so the gate and the changes it runs —
/// with every statement they send to the writer's connection, which answers where it stands — run
/// here, one after the other, without waiting for other threads and without holding up the event
/// loops that serve requests. Being an event loop, it is also the loop of the writer's database
/// handle, where Fluent expects a query's rows to arrive.
///
/// Once stopped, work still sent here runs on Swift's global executor (a change left behind at
/// shutdown then ends with the closed connection's error rather than never).
final class SQLiteWriterThread: TaskExecutor, @unchecked Sendable {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let eventLoop: any EventLoop
    private let lock = NSLock()
    private var stopped = false

    init() {
        eventLoop = group.next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let running = lock.withLock {
            if !stopped { eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) } }
            return !stopped
        }
        if !running { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }

    func stop() async {
        lock.withLock { stopped = true }
        try? await group.shutdownGracefully()
    }

    /// Stops at once, without waiting for the thread to end.
    func stopWithoutWaiting() {
        lock.withLock { stopped = true }
        group.shutdownGracefully { _ in }
    }
}
