import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// A reply of an SMTP server: the code and the text of its lines.
struct SMTPReply: Sendable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var isPermanentFailure: Bool { code >= 500 }
    var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// Why sending failed. Temporary failures (4xx replies, a server that cannot be reached, a
/// connection that breaks) are tried again later; permanent ones are not. Only a refusal of a
/// message itself (every recipient refused, or the message at DATA) is permanent: a 5xx to the
/// session (TLS, EHLO, AUTH, the sender address) is the installation's problem to fix, and the
/// messages wait for it.
struct SMTPError: Error, CustomStringConvertible {
    var message: String
    var isPermanent: Bool

    var description: String { message }

    /// The same failure, to be tried again: the session was refused, not the message.
    var asSessionFailure: SMTPError { SMTPError(message: message, isPermanent: false) }
}

/// Splits the server's bytes into replies ("250-first", "250 last") and hands each to the
/// command that waits for it. Confined to its channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffer = ""
    private var lines: [String] = []
    private var ready: [Result<SMTPReply, any Error>] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var closedError: (any Error)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        while let end = buffer.range(of: "\r\n") ?? buffer.range(of: "\n") {
            let line = String(buffer[..<end.lowerBound])
            buffer.removeSubrange(..<end.upperBound)
            receive(line)
        }
        // A line this long is not SMTP.
        if buffer.utf8.count > 64 * 1024 { fail(SMTPError(message: "The server sent a line of over 64 KB.", isPermanent: false)) }
    }

    private func receive(_ line: String) {
        let characters = Array(line)
        guard characters.count >= 3, let code = Int(String(characters[0..<3])) else {
            deliver(.failure(SMTPError(message: "The server sent something that is not an SMTP reply: \(line.prefix(200))", isPermanent: false)))
            return
        }
        lines.append(characters.count > 4 ? String(characters[4...]) : "")
        if characters.count > 3 && characters[3] == "-" { return }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        deliver(.success(reply))
    }

    private func deliver(_ result: Result<SMTPReply, any Error>) {
        if waiting.isEmpty {
            ready.append(result)
        } else {
            let promise = waiting.removeFirst()
            promise.completeWith(result)
        }
    }

    private func fail(_ error: any Error) {
        closedError = closedError ?? error
        let pending = waiting
        waiting = []
        for promise in pending { promise.fail(error) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPError(message: "The connection failed: \(error)", isPermanent: false))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(message: "The server closed the connection.", isPermanent: false))
        context.fireChannelInactive()
    }

    /// The next reply; call on the channel's event loop.
    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !ready.isEmpty { return eventLoop.makeCompletedFuture(ready.removeFirst()) }
        if let closedError { return eventLoop.makeFailedFuture(closedError) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }
}

/// One SMTP session: connect, EHLO, STARTTLS, AUTH, then any number of messages, then QUIT.
/// The delivery worker reuses one session for a batch.
final class SMTPSession: @unchecked Sendable {
    private let channel: any Channel
    private let replies: SMTPReplyHandler
    private let settings: SMTPSettings
    private let timeout: TimeAmount
    private var capabilities: [String] = []

    private init(channel: any Channel, replies: SMTPReplyHandler, settings: SMTPSettings, timeout: TimeAmount) {
        self.channel = channel
        self.replies = replies
        self.settings = settings
        self.timeout = timeout
    }

    static func open(_ settings: SMTPSettings, group: any EventLoopGroup, timeout: TimeAmount = .seconds(30)) async throws -> SMTPSession {
        let replies = SMTPReplyHandler()
        let tls = settings.security == .tls ? try tlsHandler(settings) : nil
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(tls) }
                    try channel.pipeline.syncOperations.addHandler(replies)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError(message: "Cannot reach the SMTP server \(settings.host):\(settings.port): \(error)", isPermanent: false)
        }
        let session = SMTPSession(channel: channel, replies: replies, settings: settings, timeout: timeout)
        do {
            try await session.start()
        } catch let error as SMTPError {
            await session.close()
            throw error.asSessionFailure
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private static func tlsHandler(_ settings: SMTPSettings) throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !settings.verifyCertificate { configuration.certificateVerification = .none }
        if let caFile = settings.caFile {
            let extra = try NIOSSLCertificate.fromPEMFile(caFile)
            configuration.trustRoots = .default
            configuration.additionalTrustRoots = [.certificates(extra)]
        }
        let context = try NIOSSLContext(configuration: configuration)
        // The name the certificate must carry: the configured one, else the host unless it is an address.
        let isAddress = settings.host.first?.isNumber == true || settings.host.contains(":")
        return try NIOSSLClientHandler(context: context, serverHostname: settings.tlsServerName ?? (isAddress ? nil : settings.host))
    }

    /// Sends a command line (nil: just wait, for the greeting) and returns the reply.
    @discardableResult
    private func command(_ line: String?, expect: ClosedRange<Int>, what: String) async throws -> SMTPReply {
        let replies = self.replies
        let channel = self.channel
        let eventLoop = channel.eventLoop
        let timeout = self.timeout
        let reply: SMTPReply = try await eventLoop.flatSubmit { () -> EventLoopFuture<SMTPReply> in
            if let line { channel.writeAndFlush(ByteBuffer(string: line + "\r\n"), promise: nil) }
            let future = replies.nextReply(on: eventLoop)
            let timer = eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
            future.whenComplete { _ in timer.cancel() }
            return future
        }.get()
        guard expect.contains(reply.code) else {
            throw SMTPError(message: "The SMTP server refused \(what): \(reply)", isPermanent: reply.isPermanentFailure)
        }
        return reply
    }

    private func start() async throws {
        try await command(nil, expect: 220...220, what: "the connection")
        try await hello()
        if settings.security == .startTLS {
            guard capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw SMTPError(message: "The SMTP server does not offer STARTTLS; set SWITCHBOARD_SMTP_SECURITY=none only for a relay on this machine.",
                                isPermanent: false)
            }
            try await command("STARTTLS", expect: 220...220, what: "STARTTLS")
            let handler = try Self.tlsHandler(settings)
            try await channel.pipeline.addHandler(handler, position: .first).get()
            try await hello()
        }
        if let username = settings.username, let password = settings.password {
            try await authenticate(username: username, password: password)
        }
    }

    private func hello() async throws {
        let reply = try await command("EHLO \(settings.heloName)", expect: 250...250, what: "EHLO")
        capabilities = Array(reply.lines.dropFirst())
    }

    private func authenticate(username: String, password: String) async throws {
        let offered = capabilities.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased().split(separator: " ").map(String.init) ?? []
        if offered.contains("PLAIN") || !offered.contains("LOGIN") {
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try await command("AUTH PLAIN \(token)", expect: 235...235, what: "the user name and password (AUTH PLAIN)")
        } else {
            try await command("AUTH LOGIN", expect: 334...334, what: "AUTH LOGIN")
            try await command(Data(username.utf8).base64EncodedString(), expect: 334...334, what: "the user name")
            try await command(Data(password.utf8).base64EncodedString(), expect: 235...235, what: "the password (AUTH LOGIN)")
        }
    }

    /// Sends one message to the recipients the server accepts; returns those it refused. Throws
    /// when it accepted none, or refused the sender or the message.
    func send(from sender: String, to recipients: [String], message: String) async throws -> [String] {
        do {
            try await command("MAIL FROM:<\(sender)>", expect: 250...250, what: "the sender <\(sender)>")
        } catch let error as SMTPError {
            // The installation's sender address, the same for every message.
            throw error.asSessionFailure
        }
        var refused: [String] = []
        var lastRefusal: SMTPError?
        for recipient in recipients {
            do {
                try await command("RCPT TO:<\(recipient)>", expect: 250...251, what: "the recipient <\(recipient)>")
            } catch let error as SMTPError {
                refused.append(recipient)
                lastRefusal = error
                if !error.isPermanent { throw error }
            }
        }
        if refused.count == recipients.count {
            try? await command("RSET", expect: 250...250, what: "RSET")
            throw lastRefusal ?? SMTPError(message: "No recipients.", isPermanent: true)
        }
        try await command("DATA", expect: 354...354, what: "DATA")
        try await command(Self.dotStuffed(message) + ".", expect: 250...250, what: "the message")
        return refused
    }

    /// Lines that start with a dot get a second one (RFC 5321 §4.5.2); the text ends with CRLF.
    static func dotStuffed(_ message: String) -> String {
        var text = message.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if text.hasPrefix(".") { text = "." + text }
        if !text.hasSuffix("\r\n") { text += "\r\n" }
        return text
    }

    func close() async {
        _ = try? await command("QUIT", expect: 200...599, what: "QUIT")
        try? await channel.close().get()
    }
}
