import Foundation
import NIOCore
import NIOHTTP1
import Vapor

/// Reads one HTTP/1.1 request after another from a connection and answers each through the
/// application's responder (routes and middleware, exactly as Vapor's own server would).
///
/// Unlike Vapor's server it collects a request's whole body — up to its route's limit — before
/// anything of the application sees the request. Middleware that reads the body (the CSRF
/// check, the NUL guard) therefore always sees all of it: before, a form body that arrived in
/// several pieces (anything over about 2 KB) looked empty to them. A body over the route's
/// limit is refused with 413 as soon as its size is known, without being read.
///
/// A client that goes away mid-request is simply forgotten: nothing reaches the application,
/// and nothing is logged as a server error.
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Phase {
        /// Between requests.
        case idle
        /// Reading a request's body.
        case collecting(HTTPRequestHead, limit: Int)
        /// The application is answering.
        case responding
        /// The connection is being closed after a refusal; nothing more is read.
        case closing
    }

    private let application: Application
    private let responder: any Responder
    private let limits: BodyLimits
    private let deadline: HeaderDeadline
    private var phase = Phase.idle
    /// The body being collected (kept apart from `phase` so that appending does not copy it).
    private var body: ByteBuffer?

    init(application: Application, responder: any Responder, limits: BodyLimits, deadline: HeaderDeadline) {
        self.application = application
        self.responder = responder
        self.limits = limits
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            deadline.headArrived()
            guard case .idle = phase else { return }
            let limit = limits.limit(method: head.method, uri: head.uri)
            let declared = head.headers.first(name: .contentLength).flatMap(Int.init)
            if let declared, declared > limit {
                refuse(context, head, status: .payloadTooLarge, detail: Self.tooLarge(limit))
                return
            }
            if head.headers[.expect].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            body = nil
            // Room for the declared body, but not more than a megabyte before any of it arrived.
            if let declared, declared > 0 { body = context.channel.allocator.buffer(capacity: min(declared, 1 << 20)) }
            phase = .collecting(head, limit: limit)
        case .body(var chunk):
            guard case .collecting(let head, let limit) = phase else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > limit {
                body = nil
                refuse(context, head, status: .payloadTooLarge, detail: Self.tooLarge(limit))
                return
            }
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard case .collecting(let head, _) = phase else { return }
            phase = .responding
            let collected = body
            body = nil
            respond(context, to: head, body: collected)
        }
    }

    private func respond(_ context: ChannelHandlerContext, to head: HTTPRequestHead, body: ByteBuffer?) {
        let request = Request(
            application: application, method: head.method, url: URI(string: head.uri), version: head.version,
            headersNoUpdate: head.headers, collectedBody: body, remoteAddress: context.channel.remoteAddress,
            logger: application.logger, byteBufferAllocator: context.channel.allocator, on: context.eventLoop)
        responder.respond(to: request).hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let response):
                self.write(response, to: head, context)
            case .failure(let error):
                self.application.logger.error("\(head.method) \(head.uri) failed outside the middleware: \(String(reflecting: error))")
                self.write(Response(status: .internalServerError), to: head, context)
            }
        }
    }

    /// Writes a complete answer; the connection stays open for the next request unless either
    /// side asked to close it.
    private func write(_ response: Response, to head: HTTPRequestHead, _ context: ChannelHandlerContext, forceClose: Bool = false) {
        guard context.channel.isActive else { return }
        let buffer: ByteBuffer
        if let collected = response.body.buffer {
            buffer = collected
        } else if response.body.count == 0 {
            buffer = ByteBuffer()
        } else {
            // Streamed bodies are not used by this application; say so instead of hanging.
            application.logger.error("\(head.method) \(head.uri): a streamed response body is not supported by this server.")
            write(Self.plainAnswer(status: .internalServerError, detail: "The server could not complete the request.", path: head.uri),
                  to: head, context, forceClose: true)
            return
        }
        let keepAlive = head.isKeepAlive && !forceClose
        var headers = response.headers
        let mayHaveBody = response.status.code >= 200 && response.status != .noContent && response.status != .notModified
        if mayHaveBody {
            headers.replaceOrAdd(name: .contentLength, value: String(buffer.readableBytes))
        } else {
            headers.remove(name: .contentLength)
        }
        if !keepAlive {
            headers.replaceOrAdd(name: .connection, value: "close")
        } else if head.version.major == 1 && head.version.minor == 0 {
            headers.replaceOrAdd(name: .connection, value: "keep-alive")
        }
        headers.replaceOrAdd(name: .date, value: HTTPDate.now())
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))), promise: nil)
        if mayHaveBody && head.method != .HEAD && buffer.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        // Ready for the next request before `.end` goes out: the pipelining handler may hand
        // us a request it held back as soon as it sees the end of this answer.
        if keepAlive {
            phase = .idle
            deadline.responseEnded()
        } else {
            phase = .closing
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }

    /// Answers before the request is complete, then closes: the rest of the body is not read.
    private func refuse(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, status: HTTPResponseStatus, detail: String) {
        let response = Self.plainAnswer(status: status, detail: detail, path: head.uri)
        write(response, to: head, context, forceClose: true)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // Nothing read or written for the idle timeout. An answer still being worked on
            // (a long report) is left to finish; anything else is closed.
            if case .responding = phase { return }
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The client went away; a request it had not finished is dropped without a trace.
        phase = .closing
        body = nil
        deadline.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Framing errors are answered with 400 by NIO's protocol error handler before they get
        // here; what is left are connection errors (reset by the peer and the like).
        application.logger.debug("HTTP connection closed after an error: \(error)")
        context.close(promise: nil)
    }

    static func tooLarge(_ limit: Int) -> String {
        "The request body is larger than this address accepts (\(limit) bytes at most)."
    }

    /// An answer written by the server itself, outside the application: a problem document for
    /// the API, a short text for anyone else.
    static func plainAnswer(status: HTTPResponseStatus, detail: String, path: String) -> Response {
        let response = Response(status: status)
        if path.hasPrefix("/api/") {
            response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
            let problem = Problem(status: status, detail: detail)
            response.body = .init(data: (try? JSONEncoder().encode(problem)) ?? Data())
        } else {
            response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
            response.body = .init(string: detail + "\n")
        }
        return response
    }
}

/// The header-read timeout of one connection: started by the first byte of a request, stopped
/// when the request's headers are complete. A client that takes longer is answered 408 and
/// disconnected, so that half-sent requests cannot hold connections open.
final class HeaderDeadline {
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    /// Between a request's head and the end of its answer.
    private var inRequest = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func bytesArrived(on eventLoop: any EventLoop, expired: @escaping () -> Void) {
        guard !inRequest, timer == nil else { return }
        timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { expired() }
    }

    func headArrived() {
        inRequest = true
        cancel()
    }

    func responseEnded() { inRequest = false }

    func cancel() {
        timer?.cancel()
        timer = nil
    }
}

/// The first handler of a connection: sees the raw bytes, so it knows when a request starts
/// before the HTTP decoder has a complete head, and starts the header deadline then.
final class RequestStartObserver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let deadline: HeaderDeadline

    init(deadline: HeaderDeadline) { self.deadline = deadline }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadline.bytesArrived(on: context.eventLoop) {
            // No answer is under way (headers are still incomplete): write below the HTTP encoder.
            let text = "The request's headers did not arrive in time.\n"
            let answer = "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + "Content-Length: \(text.utf8.count)\r\n\r\n" + text
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: answer))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }
}

/// The Date header's value (RFC 9110 IMF-fixdate), from the C library, which formats in the
/// C locale.
enum HTTPDate {
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
