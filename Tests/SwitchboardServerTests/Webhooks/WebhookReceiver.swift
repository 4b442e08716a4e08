import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A real HTTP endpoint on the loopback for the webhook tests: records what it receives and
/// answers as told (a status, after a delay).
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var headers: HTTPHeaders
        var body: String
    }

    let app: Application
    let port: Int
    private let log: NIOLockedValueBox<[Received]>
    private let reply: NIOLockedValueBox<(status: HTTPStatus, delaySeconds: Double)>

    var requests: [Received] { log.withLockedValue { $0 } }
    var url: String { "http://127.0.0.1:\(port)/hook" }

    private init(app: Application, port: Int, log: NIOLockedValueBox<[Received]>, reply: NIOLockedValueBox<(status: HTTPStatus, delaySeconds: Double)>) {
        self.app = app
        self.port = port
        self.log = log
        self.reply = reply
    }

    /// Listens on `port` (0: any free one).
    static func start(port: Int = 0, status: HTTPStatus = .noContent, delaySeconds: Double = 0) async throws -> WebhookReceiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let reply = NIOLockedValueBox<(status: HTTPStatus, delaySeconds: Double)>((status, delaySeconds))
        let log = NIOLockedValueBox<[Received]>([])
        app.post("hook") { request async throws -> Response in
            log.withLockedValue { $0.append(Received(headers: request.headers, body: request.body.string ?? "")) }
            let (status, delay) = reply.withLockedValue { $0 }
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            return Response(status: status)
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        let bound = app.http.server.shared.localAddress?.port ?? port
        return WebhookReceiver(app: app, port: bound, log: log, reply: reply)
    }

    func answer(_ status: HTTPStatus, delaySeconds: Double = 0) {
        reply.withLockedValue { $0 = (status, delaySeconds) }
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}
