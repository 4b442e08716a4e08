import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The mail gate over a corpus of messages shaped as common clients write them (Thunderbird,
/// Outlook, Gmail, Apple Mail, HTML-only, Latin-1 quoted-printable, Windows-1252, attachments,
/// auto-replies, a bounce). Each file says what should become of it in its `X-Expect` header;
/// `{TICKET}` stands for a ticket of Alice's that waits for her reply, `{NOTIFICATION}` for the
/// Message-ID of a notification about it.
@Suite struct MailCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MailCorpus")

    static func outcomeName(_ outcome: MailgateOutcome) -> String {
        switch outcome {
        case .commented: "commented"
        case .opened: "opened"
        case .ignored: "ignored"
        case .unknownSender: "unknown-sender"
        case .badMessage: "bad-message"
        case .later: "later"
        }
    }

    @Test func everyMessageOfTheCorpusHasItsExpectedOutcome() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(names.count >= 20)
        // The corpus is about reading what clients write; who may write is `MailSenderCheckTests`'.
        try await TestHelpdesk.with(configure: { $0.mailSenderCheck = .none; $0.mailSupporterSenderCheck = .none }) { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "waiting-for-reply", "note": "Which version do you run?"])
            // The Message-ID of a notification of the ticket, for a reply that names only it.
            let notification = try #require(try await OutboxMessageModel.query(on: desk.db).filter(\.$ticket.$id == id).first())
            let notificationID = try #require(notification.headers.first { $0.name == "Message-ID" }?.value)
            var outcomes: [String: MailgateOutcome] = [:]
            for name in names {
                let raw = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .isoLatin1)
                let expected = raw.mailHeader("X-Expect") ?? "?"
                let filled = raw.replacingOccurrences(of: "{TICKET}", with: String(id)).replacingOccurrences(of: "{NOTIFICATION}", with: notificationID)
                let message = Data(filled.utf8)
                // Files with 8-bit bytes are read as Latin-1 above; write them back byte for byte.
                let bytes = raw.unicodeScalars.allSatisfy({ $0.value < 256 }) && raw.unicodeScalars.contains(where: { $0.value >= 128 })
                    ? Data(filled.unicodeScalars.map { UInt8($0.value) })
                    : message
                let outcome = try await desk.helpdesk.mailgate.receiveMail(bytes)
                outcomes[name] = outcome
                #expect(Self.outcomeName(outcome) == expected, "\(name): \(outcome.description)")
            }
            // What the comments and tickets say, read back through the API.
            let bodies = try await desk.events(id, as: cast.alice).compactMap(\.comment?.body)
            #expect(bodies.contains("We run dCache 9.2 on the pool nodes."))
            #expect(bodies.contains("Grüße, die Version ist 9.2."))
            #expect(bodies.contains("Log attached earlier; version 9.2."))
            #expect(bodies.contains("9.2, as on the other site."))
            #expect(bodies.contains("Please attach the CE log."))
            #expect(bodies.contains("Version 9.2.1, since Tuesday."), "a reply whose only link is In-Reply-To naming a notification")
            #expect(try await desk.ticket(id, as: cast.alice).status == "in-progress")

            func opened(_ name: String) async throws -> (TicketJSON, String) {
                guard case .opened(let ticket) = outcomes[name] else { throw SMTPTestServer.Unavailable(description: "\(name) opened no ticket") }
                let json = try await desk.request(.GET, "/api/v1/tickets/\(ticket)", as: cast.bob).body.string
                return (try await desk.ticket(ticket, as: cast.bob), json)
            }
            #expect(try await opened("06-html-only-new.eml").1.contains("Since Monday the SRM endpoint refuses transfers & returns 503."))
            #expect(try await opened("07-quoted-printable-latin1-new.eml").0.subject == "Speicher voll in München")
            #expect(try await opened("07-quoted-printable-latin1-new.eml").1.contains("Diese Zeile ist weich umbrochen."))
            #expect(try await opened("08-windows-1252-new.eml").1.contains("“permission denied” – since the € update."))
            #expect(try await opened("09-attachment-new.eml").0.attachments.map(\.filename) == ["transfer-log.pdf"])
            #expect(try await opened("10-nested-multipart-new.eml").0.attachments.map(\.filename) == ["screen.png"])
            #expect(try await opened("11-encoded-subject-new.eml").0.subject == "Cassandra nœud – needs attention")
            #expect(try await opened("20-outlook-tnef-new.eml").0.attachments.map(\.filename) == ["winmail.dat"])
            // Robots opened nothing and got no answer: no notification was written for them.
            #expect(try await TicketModel.query(on: desk.db).count() == 1 + 7)
        }
    }
}
