import SQLKit
import Vapor

/// `/health` answers while the process runs; `/ready` only while the database answers too.
struct HealthController: RouteCollection {
    struct Status: Content {
        var status: String
        var detail: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health") { _ in Status(status: "ok") }
        routes.get("ready", use: ready)
    }

    func ready(_ request: Request) async throws -> Response {
        do {
            guard let sql = request.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            try await sql.raw("SELECT 1").run()
            return try await Status(status: "ok").encodeResponse(for: request)
        } catch {
            request.logger.warning("Readiness check failed: \(String(reflecting: error))")
            return try await Status(status: "unavailable", detail: "The database does not answer.")
                .encodeResponse(status: .serviceUnavailable, for: request)
        }
    }
}
