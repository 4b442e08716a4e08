import Fluent
import Foundation
import NIOPosix
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Delivery of the outbox over SMTP, against a real SMTP server (aiosmtpd), with STARTTLS and
/// AUTH, retries and failures.
@Suite struct MailDeliveryTests {
    func smtp(_ server: SMTPTestServer, user: String? = "relay", password: String? = "relay secret", security: SMTPSettings.Security = .startTLS,
              on desk: TestHelpdesk) -> SMTPTransport {
        SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, security: security, username: user, password: password,
                                             verifyCertificate: false, heloName: "switchboard.test"),
                      group: desk.app.eventLoopGroup)
    }

    @Test func notificationsArriveThreadedAndTheSubmitterNeverSeesInternalText() async throws {
        let server = try SMTPTestServer.start(starttls: true, user: "relay", password: "relay secret")
        defer { server.stop() }
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail on CRÈME CE")
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "Same pool as last week", "visibility": "internal"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "Which version do you run?\n.\nA line with a dot."])
            let queued = try await OutboxMessageModel.query(on: desk.db).count()

            let report = try await desk.helpdesk.mailDelivery.deliver(transport: smtp(server, on: desk), batchSize: 3)
            #expect(report == DeliveryReport(sent: queued, deferred: 0, failed: 0))
            let received = try server.messages()
            #expect(received.count == queued)
            #expect(received.allSatisfy { $0.mailHeader("X-Test-TLS") == "yes" && $0.mailHeader("X-Test-Authenticated") == "yes" })
            #expect(received.allSatisfy { $0.mailHeader("References") == "<switchboard.ticket-\(id)@127.0.0.1>" })
            #expect(received.allSatisfy { $0.mailHeader("Auto-Submitted") == "auto-generated" })
            #expect(received.allSatisfy { $0.mailHeader("Subject") == "=?utf-8?B?\(Data("[Switchboard #\(id)] Jobs fail on CRÈME CE".utf8).base64EncodedString())?=" })
            #expect(Set(received.compactMap { $0.mailHeader("Message-ID") }).count == queued, "every message has its own Message-ID")
            let toAlice = received.filter { $0.mailHeader("X-Test-Envelope-To")?.contains("alice@example.edu") == true }
            #expect(toAlice.count == 2, "the assignment and the question; not the internal note")
            for message in toAlice { #expect(!message.contains("Same pool as last week")) }
            let decoded = toAlice.map { String(decoding: QuotedPrintable.decode($0), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") }
            #expect(decoded.contains { $0.contains("Which version do you run?\n.\nA line with a dot.") }, "dot-stuffing undone by the server")
            #expect(received.contains { $0.mailHeader("X-Test-Envelope-To") == "dmsu@example.org" && $0.contains("Same pool as last week") })
            // Nothing is sent twice.
            #expect(try await desk.helpdesk.mailDelivery.deliver(transport: smtp(server, on: desk)) == DeliveryReport())
            #expect(try server.messages().count == queued)
        }
    }

    /// Issue 10: a 5xx at AUTH failed the whole batch for good after one attempt. A refused
    /// session is the installation's problem: the messages wait, with the reason.
    @Test func aRelayThatRefusesTheSessionFailsNoMessageForGood() async throws {
        let server = try SMTPTestServer.start(starttls: true, user: "relay", password: "relay secret")
        defer { server.stop() }
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice)
            let queued = try await OutboxMessageModel.query(on: desk.db).count()
            let report = try await desk.helpdesk.mailDelivery.deliver(transport: smtp(server, password: "not the password", on: desk))
            #expect(report == DeliveryReport(sent: 0, deferred: queued, failed: 0))
            let messages = try await OutboxMessageModel.query(on: desk.db).all()
            #expect(messages.allSatisfy { $0.failedAt == nil && $0.lastError?.contains("535") == true }, "\(messages.map(\.lastError))")
            #expect(try server.messages().isEmpty)
            // The administrators' Mail page says why.
            var admin = WebFlowTests.Browser(desk: desk)
            try await admin.signIn(cast.admin.email)
            let page = try await admin.get("/admin/mail").body.string
            #expect(page.contains("Mail is not going out") && page.contains("535"))
        }
    }

    @Test func aServerThatIsDownLosesNothingAndAFailedMessageCanBeRetried() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice)
            _ = try await desk.fileTicket(as: cast.bob)
            // Nothing listens on the port yet.
            let port = try freePort()
            let down = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: port, security: .none), group: desk.app.eventLoopGroup)
            var report = try await desk.helpdesk.mailDelivery.deliver(transport: down)
            #expect(report == DeliveryReport(sent: 0, deferred: 2, failed: 0))
            var messages = try await OutboxMessageModel.query(on: desk.db).all()
            #expect(messages.allSatisfy { $0.attempts == 1 && $0.lastError?.contains("Cannot reach") == true })
            #expect(messages.allSatisfy { $0.nextAttemptAt == TestHelpdesk.start.addingTimeInterval(60) })
            // Not before the next attempt is due; then twice as long.
            #expect(try await desk.helpdesk.mailDelivery.deliver(transport: down) == DeliveryReport())
            desk.time.advance(by: 60)
            #expect(try await desk.helpdesk.mailDelivery.deliver(transport: down).deferred == 2)
            messages = try await OutboxMessageModel.query(on: desk.db).all()
            #expect(messages.allSatisfy { $0.nextAttemptAt == TestHelpdesk.start.addingTimeInterval(60 + 120) })

            // The server comes up on that port: everything arrives, once.
            let server = try SMTPTestServer.start(port: port)
            defer { server.stop() }
            desk.time.advance(by: 120)
            report = try await desk.helpdesk.mailDelivery.deliver(transport: down)
            #expect(report.sent == 2)
            #expect(try server.messages().count == 2)

            // A message that keeps failing is given up after the configured attempts, shown to
            // administrators, and sent again when one retries it.
            _ = try await desk.fileTicket(as: cast.alice, subject: "third")
            let closed = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: try freePort(), security: .none), group: desk.app.eventLoopGroup)
            for _ in 0..<10 {
                _ = try await desk.helpdesk.mailDelivery.deliver(transport: closed)
                desk.time.advance(by: 86_400)
            }
            let failed = try #require(try await OutboxMessageModel.query(on: desk.db).filter(\.$failedAt != nil).first())
            #expect(failed.attempts == 10)
            let list = try await desk.request(.GET, "/api/v1/outbox?state=failed", as: cast.admin)
            #expect(try list.status == .ok && list.body.string.contains(failed.requireID().uuidString))
            #expect(try await desk.request(.GET, "/api/v1/outbox?state=failed", as: cast.expert).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/outbox/\((try failed.requireID()))/retry", as: cast.admin).status == .ok)
            #expect(try await desk.helpdesk.mailDelivery.deliver(transport: down).sent == 1)
            #expect(try server.messages().count == 3)
        }
    }

    @Test func theFileTransportWritesOneEmlPerMessage() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eml-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(try await desk.helpdesk.mailDelivery.deliver(transport: FileTransport(directory: folder.path)).sent == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(files.count == 1 && files[0].hasSuffix(".eml"))
            let text = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(text.mailHeader("To") == "tpm@example.org")
        }
    }

    func freePort() throws -> Int {
        let socket = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        let port = socket.localAddress!.port!
        try socket.close().wait()
        return port
    }
}
