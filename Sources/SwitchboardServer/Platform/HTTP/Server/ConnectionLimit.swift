import NIOConcurrencyHelpers
import NIOCore

/// Counts the server's open connections against a limit.
final class ConnectionLimit: Sendable {
    let limit: Int
    private let open = NIOLockedValueBox(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a place for a new connection, or returns false when all are taken.
    func admit() -> Bool {
        open.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func release() { open.withLockedValue { $0 -= 1 } }

    var current: Int { open.withLockedValue { $0 } }
}

/// Put on a connection over the limit instead of the HTTP handlers: answers 503 at once and
/// closes, so the client learns why instead of waiting in the accept queue.
final class RefuseConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    static let answer: String = {
        let text = "The helpdesk has too many open connections; try again in a moment.\n"
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 5\r\n"
            + "Connection: close\r\nContent-Length: \(text.utf8.count)\r\n\r\n" + text
    }()

    func channelActive(context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: Self.answer)
        context.writeAndFlush(NIOAny(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
