import Foundation
import Vapor

/// The address of the client a request came from, for limits and logs: the socket's peer,
/// or — only when that peer is a configured trusted reverse proxy — the last address in
/// `X-Forwarded-For` that is not itself a trusted proxy. From anyone else the header is
/// ignored, so a client cannot pick the address it is counted under.
enum ClientAddress {
    static func of(_ request: Request, trustedProxies: [String]) -> String {
        let peer = request.remoteAddress?.ipAddress.flatMap(normalised) ?? "unknown"
        guard !trustedProxies.isEmpty, trustedProxies.contains(peer) else { return peer }
        let forwarded = request.headers[.xForwardedFor].joined(separator: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in forwarded.reversed() {
            guard let address = normalised(hop) else { return peer }
            if !trustedProxies.contains(address) { return address }
        }
        return peer
    }

    /// The canonical text of an IPv4 or IPv6 address, or nil when `text` is not one.
    /// (IPv4-mapped IPv6 addresses count as their IPv4 address.)
    static func normalised(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return format(AF_INET, &v4, length: INET_ADDRSTRLEN) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let canonical = format(AF_INET6, &v6, length: INET6_ADDRSTRLEN)
        if let canonical, canonical.hasPrefix("::ffff:"), canonical.contains(".") { return String(canonical.dropFirst(7)) }
        return canonical
    }

    private static func format<T>(_ family: Int32, _ address: inout T, length: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(length))
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(cString: buffer)
    }
}

extension Request {
    /// The client's address as limits count it (see `ClientAddress`).
    var clientAddress: String { ClientAddress.of(self, trustedProxies: application.switchboardConfiguration.trustedProxies) }
}
