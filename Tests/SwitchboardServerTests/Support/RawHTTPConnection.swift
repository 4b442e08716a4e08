import Foundation
import Vapor
@testable import SwitchboardServer
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to the test's server that sends exactly the bytes it is given, in the
/// pieces it is given, as a slow or hostile client would; nothing of an HTTP library in
/// between. Blocking calls, run off the test's task.
final class RawHTTPConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "cannot connect to port \(port): errno \(errno)")
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Sends the bytes in pieces of `chunk` bytes with `pause` between them; stops quietly when
    /// the server has closed its side (as a real client would find out).
    func send(_ bytes: [UInt8], chunk: Int = .max, pause: TimeInterval = 0) {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            let sent = bytes[offset..<end].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
            if pause > 0 && offset < bytes.count { Thread.sleep(forTimeInterval: pause) }
        }
    }

    func send(_ text: String, chunk: Int = .max, pause: TimeInterval = 0) { send(Array(text.utf8), chunk: chunk, pause: pause) }

    /// Everything the server sends until it closes the connection (or the read times out).
    func readUntilClosed() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// One answer with a Content-Length body, leaving the connection open.
    func readResponse() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if let headEnd = text.range(of: "\r\n\r\n") {
                let head = text[..<headEnd.lowerBound].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count >= text[..<headEnd.upperBound].utf8.count + length { return text }
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return String(decoding: received, as: UTF8.self) }
            received += buffer[0..<count]
        }
    }

    /// The status code of the first answer in `text`.
    static func status(_ text: String) -> Int? {
        let parts = text.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

/// Runs blocking client code on a thread of its own, so that it never occupies one of the few
/// threads that run the server's own asynchronous work.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension TestHelpdesk {
    /// Runs `body` with the real HTTP server (`SwitchboardHTTPServer`) listening on a free
    /// loopback port, and stops it afterwards.
    func withServer(_ body: (Int) async throws -> Void) async throws {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            try await body(app.switchboardHTTPServer.localAddress!.port!)
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }
}
