import Foundation
import Vapor

/// One structured line per request (logfmt: `request_id`, `method`, `route`, `status`,
/// `duration_ms`, `client`) and the request metrics. The route is the pattern
/// (`/api/v1/tickets/:ticketID`), never the address with its numbers and query: a ticket's
/// number or a sign-in's code does not end up in the log or in a metric's labels.
struct RequestLogMiddleware: AsyncMiddleware {
    let metrics: HelpdeskMetrics
    /// Counts the requests under way, for the stop to wait for.
    let openRequests: OpenRequests

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        openRequests.started()
        defer { openRequests.ended() }
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            finish(request, status: (error as? any AbortError)?.status.code ?? 500, started: started)
            throw error
        }
        finish(request, status: response.status.code, started: started)
        return response
    }

    private func finish(_ request: Request, status: UInt, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.nanoseconds
        let route = Self.pattern(of: request)
        metrics.requestCompleted(method: request.method.rawValue, route: route, status: status, nanoseconds: nanoseconds)
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status),
            "duration_ms": .string(String(format: "%.2f", Double(nanoseconds) / 1_000_000)), "client": .string(request.clientAddress),
        ])
    }

    /// The route's pattern, or `unmatched` (any address without a route: one series, not one per address).
    static func pattern(of request: Request) -> String {
        guard let route = request.route, !route.path.contains(where: { $0 == .catchall }) else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}
