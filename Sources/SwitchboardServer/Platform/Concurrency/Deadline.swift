import NIOConcurrencyHelpers

/// Waiting for work that might never end, at most for a while.
///
/// Task cancellation asks work to stop; it cannot make an await return that is stuck below
/// (a PostgreSQL query whose connection was closed under it has been seen never to answer).
/// Here the work runs in a task of its own and the wait is resumed by whichever comes first,
/// the work's answer or the clock; work that overstays is left running, abandoned.
enum Deadline {
    /// The answer of `work`, or nil when `limit` passed first.
    static func value<T: Sendable>(within limit: Duration, of work: @escaping @Sendable () async -> T) async -> T? {
        let resumed = NIOLockedValueBox(false)
        let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])
        // Cancelling the waiting task cancels the work (which may end sooner then); the wait
        // still ends at the latest with the clock.
        let answer: T? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
                let resumeOnce: @Sendable (T?) -> Void = { value in
                    if resumed.withLockedValue({ already in defer { already = true }; return !already }) {
                        continuation.resume(returning: value)
                    }
                }
                tasks.withLockedValue { tasks in
                    tasks.append(Task { resumeOnce(await work()) })
                    tasks.append(Task { try? await Task.sleep(for: limit); resumeOnce(nil) })
                    if Task.isCancelled { tasks[0].cancel() }
                }
            }
        } onCancel: {
            tasks.withLockedValue { tasks in tasks.first?.cancel() }
        }
        // The clock is no longer needed; the work, when it overstayed, is asked to stop.
        tasks.withLockedValue { tasks in tasks.forEach { $0.cancel() } }
        return answer
    }
}
