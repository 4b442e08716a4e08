import Foundation
@testable import SwitchboardServer

/// A `MailTransport` that keeps every message it is given, for tests that need delivered mail
/// but no SMTP server (the SMTP tests use a real one). It can refuse addresses, to drive the
/// worker's partial-delivery path.
final class InMemoryMailTransport: MailTransport, Sendable {
    struct Delivered: Sendable {
        var sender: String
        var recipients: [String]
        /// The rendered RFC 5322 message, as an SMTP server would receive it.
        var message: String
    }

    private let mailbox = Mailbox()
    let refused: Set<String>

    init(refusing refused: Set<String> = []) { self.refused = refused }

    var name: String { "memory" }

    func open() async throws -> any MailTransportSession { Session(mailbox: mailbox, refused: refused) }

    /// Everything delivered so far, in order.
    func delivered() async -> [Delivered] { await mailbox.messages }

    private actor Mailbox {
        var messages: [Delivered] = []
        func add(_ message: Delivered) { messages.append(message) }
    }

    private struct Session: MailTransportSession {
        let mailbox: Mailbox
        let refused: Set<String>

        func send(from sender: String, to recipients: [String], message: String) async throws -> [String] {
            let accepted = recipients.filter { !refused.contains($0) }
            if !accepted.isEmpty { await mailbox.add(Delivered(sender: sender, recipients: accepted, message: message)) }
            return recipients.filter { refused.contains($0) }
        }

        func close() async {}
    }
}
