import NIOConcurrencyHelpers
import Vapor

/// The requests being answered now (counted by `RequestLogMiddleware`), which a stop waits for.
final class OpenRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    init() {}

    var current: Int { count.withLockedValue { $0 } }

    func started() { count.withLockedValue { $0 += 1 } }

    func ended() { count.withLockedValue { $0 -= 1 } }

    /// Waits until no request is open, for at most `limit`; whether none is.
    func finish(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while current > 0 {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}

/// Stops the HTTP server at the start of the shutdown (no new connections) and waits for the
/// requests under way (at most the server's shutdown timeout), before anything they use stops:
/// Vapor stops its server only after the lifecycle handlers and the database pools, and a client
/// that hung up does not keep its request's connection open. Seen without it: assignments in
/// flight at a stop answered 500 because the connection pool had shut down under them.
struct OpenRequestsFinishFirst: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        let server = application.switchboardHTTPServer
        await server.shutdown()
        if await !application.openRequests.finish(within: .nanoseconds(server.settings.shutdownTimeout.nanoseconds)) {
            application.logger.warning("\(application.openRequests.current) requests were still open at the end of the shutdown timeout.")
        }
    }
}

extension Application {
    private struct OpenRequestsKey: StorageKey { typealias Value = OpenRequests }

    /// Set once by `configure`, before any request.
    var openRequests: OpenRequests {
        get { storage[OpenRequestsKey.self]! }
        set { storage[OpenRequestsKey.self] = newValue }
    }
}
