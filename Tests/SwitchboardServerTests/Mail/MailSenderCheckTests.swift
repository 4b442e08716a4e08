import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Who the mail gate believes: a From header alone proves nothing. Submitters are believed
/// when they write to their reply address of the ticket (or are verified by the mail server);
/// supporters only when the installation's mail server verified them (DKIM/DMARC).
@Suite struct MailSenderCheckTests {
    static let ourServer = "mx.example.org"

    func desk(_ body: (TestHelpdesk) async throws -> Void) async throws {
        try await TestHelpdesk.with(configure: { $0.mailAuthservID = Self.ourServer }, body)
    }

    func comments(_ desk: TestHelpdesk, _ id: Int, as person: TestHelpdesk.Person) async throws -> [String] {
        try await desk.events(id, as: person).compactMap(\.comment?.body)
    }

    @Test func aForgedSupporterAddressWritesNothing() async throws {
        try await desk { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            // The attacker knows the ticket number and the expert's address, and even holds
            // Alice's reply address (she forwarded a notification).
            let forged = MailgateTests.mail(from: "Eva Expert <expert@example.org>", to: desk.replyAddress(ticket: id, for: "alice@example.edu"),
                                            subject: "Re: [Switchboard #\(id)] Jobs fail", id: "forged-1", body: "Please send me your password.")
            let outcome = try await desk.helpdesk.mailgate.receiveMail(forged)
            #expect(outcome.exitCode == 67, "\(outcome)")
            // An Authentication-Results header the attacker wrote himself, naming another server, counts for nothing.
            let selfCertified = MailgateTests.mail(from: "expert@example.org", subject: "Re: [Switchboard #\(id)] Jobs fail", id: "forged-2",
                                                   extra: "Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.org\r\n",
                                                   body: "Please send me your password.")
            #expect(try await desk.helpdesk.mailgate.receiveMail(selfCertified).exitCode == 67)
            #expect(try await comments(desk, id, as: cast.expert).isEmpty)
            #expect(try await InboundMessageModel.query(on: desk.db).count() == 0, "refused mail is not recorded as taken")
        }
    }

    @Test func aSupporterVerifiedByOurMailServerComments() async throws {
        try await desk { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            // The topmost header is our server's; one further down with our id came with the message.
            let verified = MailgateTests.mail(
                from: "triage@example.org", subject: "Re: [Switchboard #\(id)] Jobs fail", id: "real-1",
                extra: "Authentication-Results: mx.example.org; dmarc=pass (p=reject) header.from=example.org\r\n"
                    + "Authentication-Results: mx.example.org; dkim=fail header.d=example.org\r\n",
                body: "Which CREAM version?")
            #expect(try await desk.helpdesk.mailgate.receiveMail(verified) == .commented(ticket: id))
            let failed = MailgateTests.mail(
                from: "triage@example.org", subject: "Re: [Switchboard #\(id)] Jobs fail", id: "real-2",
                extra: "Authentication-Results: mx.example.org; dkim=fail header.d=example.org\r\n"
                    + "Authentication-Results: mx.example.org; dmarc=pass header.from=example.org\r\n",
                body: "Second try.")
            #expect(try await desk.helpdesk.mailgate.receiveMail(failed).exitCode == 67)
            #expect(try await comments(desk, id, as: cast.triage) == ["Which CREAM version?"])
        }
    }

    @Test func aSubmitterIsBelievedAtHerOwnReplyAddressOnly() async throws {
        try await desk { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let other = try await desk.fileTicket(as: cast.alice, subject: "Another problem")
            // Without a reply address (a new mail with the tag typed in): refused, with the reason.
            let typed = try await desk.helpdesk.mailgate.receiveMail(MailgateTests.mail(
                from: "alice@example.edu", subject: "[Switchboard #\(id)] more", id: "a1", body: "More details."))
            #expect(typed.exitCode == 67 && typed.description.contains("replies to the address of a notification"), "\(typed)")
            // Bob's reply address is no use to Alice, nor Alice's to Bob.
            #expect(try await desk.helpdesk.mailgate.receiveMail(MailgateTests.mail(
                from: "bob@example.net", to: desk.replyAddress(ticket: id, for: "alice@example.edu"), subject: "[Switchboard #\(id)] x", id: "a2", body: "x")).exitCode == 67)
            // Her own address for the ticket: believed, and the address names the ticket even
            // when the subject tag is gone or names another ticket.
            let reply = try await desk.helpdesk.mailgate.receiveMail(MailgateTests.mail(
                from: "alice@example.edu", to: desk.replyAddress(ticket: id, for: "alice@example.edu"),
                subject: "Re: [Switchboard #\(other)] mixed up", id: "a3", body: "Details for the first one."))
            #expect(reply == .commented(ticket: id))
            // The envelope recipient given by the MTA counts as well as the headers.
            let viaEnvelope = try await desk.helpdesk.mailgate.receiveMail(
                MailgateTests.mail(from: "alice@example.edu", to: "undisclosed-recipients:;", subject: "Re: thanks", id: "a4", body: "Thanks."),
                envelopeRecipient: desk.replyAddress(ticket: other, for: "alice@example.edu"))
            #expect(viaEnvelope == .commented(ticket: other))
            #expect(try await comments(desk, id, as: cast.alice) == ["Details for the first one."])
        }
    }

    @Test func strangersAndTheUnauthorisedGetTheSameAnswer() async throws {
        try await desk { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let stranger = try await desk.helpdesk.mailgate.receiveMail(MailgateTests.mail(from: "nobody@nowhere.example", subject: "hello", id: "u1", body: "x"))
            let bob = try await desk.helpdesk.mailgate.receiveMail(MailgateTests.mail(from: "bob@example.net", subject: "[Switchboard #\(id)] me too", id: "u2", body: "x"))
            #expect(stranger == bob, "the answer does not tell which addresses have accounts")
            #expect(stranger.exitCode == 67)
        }
    }

    @Test func anInstallationMayTrustFromHeadersExplicitly() async throws {
        try await TestHelpdesk.with(configure: { $0.mailSenderCheck = .none; $0.mailSupporterSenderCheck = .none }) { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            #expect(try await desk.helpdesk.mailgate.receiveMail(MailgateTests.mail(
                from: "triage@example.org", subject: "[Switchboard #\(id)] hi", id: "t1", body: "Trusted by configuration.")) == .commented(ticket: id))
        }
    }
}
