/// Lets one write transaction run at a time. SQLite allows a single writer; a transaction
/// that starts by reading and later writes can fail at once with SQLITE_BUSY when another
/// connection wrote in between, so on SQLite every write transaction passes this gate.
/// (On PostgreSQL, row locks do this job and the gate is not used.)
actor WriteGate {
    private var isHeld = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Told how long each writer waited and how many wait behind it.
    let metrics: HelpdeskMetrics?

    init(metrics: HelpdeskMetrics? = nil) {
        self.metrics = metrics
    }

    func acquire() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            isHeld = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let arrived = ContinuousClock.now
        await acquire()
        if let metrics {
            let waited = ContinuousClock.now - arrived
            metrics.writeGateEntered(waitedNanoseconds: waited.nanoseconds, waiting: waiting.count)
        }
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }
}
