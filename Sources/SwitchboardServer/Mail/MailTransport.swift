import Foundation
import NIOCore
import SwitchboardCore

/// Where the delivery worker hands messages: a session per batch, a message at a time.
protocol MailTransport: Sendable {
    func open() async throws -> any MailTransportSession
    /// Where messages go, for logs ("smtp.example.org:587").
    var name: String { get }
}

protocol MailTransportSession: Sendable {
    /// Sends one rendered message; returns the recipients that were refused (the others got it).
    func send(from sender: String, to recipients: [String], message: String) async throws -> [String]
    func close() async
}

/// SMTP, with one connection for the whole batch.
struct SMTPTransport: MailTransport {
    var settings: SMTPSettings
    var group: any EventLoopGroup

    var name: String { "\(settings.host):\(settings.port)" }

    func open() async throws -> any MailTransportSession {
        Session(smtp: try await SMTPSession.open(settings, group: group))
    }

    struct Session: MailTransportSession {
        let smtp: SMTPSession
        func send(from sender: String, to recipients: [String], message: String) async throws -> [String] {
            try await smtp.send(from: sender, to: recipients, message: message)
        }
        func close() async { await smtp.close() }
    }
}

/// Writes each message as an .eml file, for development and demonstrations.
struct FileTransport: MailTransport {
    var directory: String

    var name: String { "the directory \(directory)" }

    func open() async throws -> any MailTransportSession {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SMTPError(message: "Cannot create the mail directory \(directory): \(error)", isPermanent: false)
        }
        return Session(directory: directory)
    }

    struct Session: MailTransportSession {
        let directory: String
        func send(from sender: String, to recipients: [String], message: String) async throws -> [String] {
            let name = "\(UUID().uuidString.lowercased()).eml"
            let envelope = "X-Envelope-From: \(sender)\r\nX-Envelope-To: \(recipients.joined(separator: ", "))\r\n"
            do {
                try Data((envelope + message).utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
            } catch {
                throw SMTPError(message: "Cannot write \(name): \(error)", isPermanent: false)
            }
            return []
        }
        func close() async {}
    }
}
