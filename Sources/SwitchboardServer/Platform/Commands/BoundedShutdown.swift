import Dispatch
import Foundation
import Vapor

/// Shuts the application down after its command, but never for longer than `limit`.
///
/// Shutting down waits for the background workers (bounded by `BackgroundWorkers`), for open
/// HTTP connections (bounded by the server's shutdown timeout) and for the database pools to
/// close their connections. The last has no bound of its own, and a PostgreSQL connection lost
/// under a query has been seen to leave work waiting for ever. A process that does not end
/// keeps its port and its place under systemd (`TimeoutStopSec=20` in
/// packaging/switchboard.service), so past the limit it logs why and exits with the code the
/// command earned: the command's work is done or was never committed, only the tidying up is
/// skipped.
public enum BoundedShutdown {
    public static let limit: Duration = .seconds(15)

    public static func shutdown(_ app: Application, exitCode: Int32, limit: Duration = limit) async throws {
        let logger = app.logger
        let watchdog = DispatchWorkItem {
            logger.critical("Shutdown did not finish within \(limit); exiting without waiting for it (a database connection or a background pass did not end).")
            exit(exitCode)
        }
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: watchdog)
        defer { watchdog.cancel() }
        try await app.asyncShutdown()
    }
}
