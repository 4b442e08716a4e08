import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import Vapor

/// The HTTP/1.1 server `serve` runs: Vapor's routes and middleware behind a connection
/// pipeline of our own, because Vapor 4's server offers no place for what a public service
/// needs (see `HTTPConnectionHandler` for the body handling):
/// - a limit on open connections (more are answered 503 and closed),
/// - a header-read timeout (408) and an idle timeout,
/// - 400 for malformed framing (NIO's protocol error handler),
/// - `100 Continue` for clients that ask for it,
/// - the process's descriptor limit raised to what the system allows.
/// Shutdown lets answers in progress finish (NIO's quiescing helper), as Vapor's does.
final class SwitchboardHTTPServer: Server, Sendable {
    struct Settings: Sendable {
        var hostname: String
        var port: Int
        var idleTimeout: TimeAmount
        var headerTimeout: TimeAmount
        var maxConnections: Int
        var shutdownTimeout: TimeAmount = .seconds(10)

        init(_ configuration: SwitchboardConfiguration) {
            hostname = configuration.hostname
            port = configuration.port
            idleTimeout = .seconds(Int64(configuration.httpIdleTimeoutSeconds))
            headerTimeout = .seconds(Int64(configuration.httpHeaderTimeoutSeconds))
            maxConnections = configuration.httpMaxConnections
        }
    }

    private struct Running: Sendable {
        var channel: any Channel
        var quiesce: ServerQuiescingHelper
        var connections: ConnectionLimit
    }

    private let application: Application
    let settings: Settings
    private let running = NIOLockedValueBox<Running?>(nil)
    private let stopped: EventLoopPromise<Void>
    private let hasStopped = NIOLockedValueBox(false)

    init(application: Application, settings: Settings) {
        self.application = application
        self.settings = settings
        self.stopped = application.eventLoopGroup.any().makePromise()
    }

    deinit {
        // A server that was never started still owes its promise an answer.
        markStopped()
    }

    private func markStopped() {
        let first = hasStopped.withLockedValue { stopped in
            defer { stopped = true }
            return !stopped
        }
        if first { stopped.succeed(()) }
    }

    var onShutdown: EventLoopFuture<Void> { stopped.futureResult }

    /// Open connections now (for tests and the log).
    var openConnections: Int { running.withLockedValue { $0?.connections.current ?? 0 } }

    /// The address the server listens on (the port is chosen by the system when 0 was asked).
    var localAddress: SocketAddress? { running.withLockedValue { $0?.channel.localAddress } }

    func start(address: BindAddress?) async throws {
        var hostname = settings.hostname
        var port = settings.port
        switch address {
        case .none: break
        case .hostname(let host, let chosenPort):
            hostname = host ?? hostname
            port = chosenPort ?? port
        case .unixDomainSocket:
            throw SwitchboardConfiguration.Invalid(description: "serve listens on a TCP address, not a Unix domain socket.")
        }
        Self.raiseDescriptorLimit(logger: application.logger)
        let application = self.application
        let settings = self.settings
        let responder = application.responder.current
        let limits = BodyLimits(routes: application.routes)
        let connections = ConnectionLimit(limit: settings.maxConnections)
        let quiesce = ServerQuiescingHelper(group: application.eventLoopGroup)
        let bootstrap = ServerBootstrap(group: application.eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    guard connections.admit() else {
                        try pipeline.addHandler(RefuseConnectionHandler())
                        return
                    }
                    channel.closeFuture.whenComplete { _ in connections.release() }
                    let deadline = HeaderDeadline(timeout: settings.headerTimeout)
                    try pipeline.addHandler(IdleStateHandler(allTimeout: settings.idleTimeout))
                    try pipeline.addHandler(RequestStartObserver(deadline: deadline))
                    try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    try pipeline.addHandler(HTTPConnectionHandler(
                        application: application, responder: responder, limits: limits, deadline: deadline))
                }
            }
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        let channel = try await bootstrap.bind(host: hostname, port: port).get()
        running.withLockedValue { $0 = Running(channel: channel, quiesce: quiesce, connections: connections) }
        let shown = channel.localAddress.flatMap { address in address.port.map { "\(hostname):\($0)" } } ?? "\(hostname):\(port)"
        application.logger.notice("Server started on http://\(shown)")
    }

    func start(address: BindAddress?) throws {
        try application.eventLoopGroup.any().makeFutureWithTask { try await self.start(address: address) }.wait()
    }

    func shutdown() async {
        guard let current = running.withLockedValue({ state -> Running? in
            defer { state = nil }
            return state
        }) else {
            markStopped()
            return
        }
        let promise = current.channel.eventLoop.makePromise(of: Void.self)
        current.quiesce.initiateShutdown(promise: promise)
        let timeout = current.channel.eventLoop.scheduleTask(in: settings.shutdownTimeout) {
            promise.fail(ShutdownTimedOut())
        }
        do {
            try await promise.futureResult.get()
        } catch {
            application.logger.warning("Open connections did not finish within the shutdown timeout; closing the server anyway.")
        }
        timeout.cancel()
        markStopped()
    }

    func shutdown() {
        try? application.eventLoopGroup.any().makeFutureWithTask { await self.shutdown() }.wait()
    }

    private struct ShutdownTimedOut: Error {}
}

extension Application {
    private struct SwitchboardHTTPServerKey: StorageKey, LockKey { typealias Value = SwitchboardHTTPServer }

    /// The one server of this application (Vapor asks its server provider on every use of
    /// `app.server`, so the instance is kept here).
    var switchboardHTTPServer: SwitchboardHTTPServer {
        locks.lock(for: SwitchboardHTTPServerKey.self).withLock {
            if let existing = storage[SwitchboardHTTPServerKey.self] { return existing }
            let server = SwitchboardHTTPServer(application: self, settings: .init(switchboardConfiguration))
            storage[SwitchboardHTTPServerKey.self] = server
            return server
        }
    }
}

extension SwitchboardHTTPServer {

    /// Raises the soft limit on open files to the hard limit, so that the connection limit
    /// rather than the descriptor table decides how many clients are served.
    static func raiseDescriptorLimit(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        guard limit.rlim_cur < limit.rlim_max else { return }
        let before = limit.rlim_cur
        limit.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            logger.info("Raised the open-file limit from \(before) to \(limit.rlim_max).")
        }
    }
}
