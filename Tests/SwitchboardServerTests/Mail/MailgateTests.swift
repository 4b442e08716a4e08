import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Mail in: replies become comments, new mail new tickets, automatic mail is never answered.
@Suite struct MailgateTests {
    static func mail(from: String, to: String = "helpdesk@example.org", subject: String, id: String, extra: String = "", body: String) -> Data {
        Data("""
            From: \(from)
            To: \(to)
            Subject: \(subject)
            Message-ID: <\(id)@mail.example>
            \(extra)MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            \(body)
            """.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test func aSubmittersReplyMovesHerWaitingTicketOnAndTheQuoteIsCutOff() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "waiting-for-reply", "note": "Which version?"])
            let outcome = try await desk.helpdesk.mailgate.receiveMail(Self.mail(
                from: "Alice Scientist <ALICE@example.edu>", to: desk.replyAddress(ticket: id, for: "alice@example.edu"),
                subject: "Re: [Switchboard #\(id)] Jobs fail on CREAM CE", id: "r1",
                body: "We run 9.2.\n\nOn Mon, 21 Sep 2026 at 14:13, Switchboard <switchboard@example.org> wrote:\n> Which version?\n"))
            #expect(outcome == .commented(ticket: id) && outcome.exitCode == 0)
            #expect(try await desk.ticket(id, as: cast.alice).status == "in-progress")
            let comment = try #require(try await desk.events(id, as: cast.alice).last { $0.kind == "comment-public" })
            #expect(comment.comment?.body == "We run 9.2." && comment.actor.name == "Alice Scientist")
            #expect(comment.comment?.quoted?.contains("> Which version?") == true, "kept, to be shown folded")
            let page = try await desk.helpdesk.ticketQueries.history(ofTicket: id, includeInternal: false)
            #expect(page.last { $0.commentBody == "We run 9.2." }?.commentQuoted?.contains("wrote:") == true)
            // The same message again is not added twice.
            #expect(try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "alice@example.edu", subject: "Re: [Switchboard #\(id)] x", id: "r1", body: "We run 9.2."))
                    == .ignored("The message <r1@mail.example> was received before; it is not added twice."))
        }
    }

    /// The MTA may hand the same message over again while the first delivery is still being
    /// stored (a timeout, two MX hosts). Each delivery passes the "seen before?" check; the
    /// Message-ID's unique key in the same transaction as the comment lets only one of them in.
    @Test func theSameMessageDeliveredConcurrentlyIsAddedOnce() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let message = Self.mail(from: "alice@example.edu", to: desk.replyAddress(ticket: id, for: "alice@example.edu"),
                                    subject: "Re: [Switchboard #\(id)] Jobs fail", id: "twice", body: "It works again.")
            let helpdesk = desk.helpdesk
            let outcomes = await withTaskGroup(of: Int32.self) { group in
                for _ in 0..<6 {
                    group.addTask { (try? await helpdesk.mailgate.receiveMail(message))?.exitCode ?? 75 }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.contains(0))
            #expect(outcomes.allSatisfy { $0 == 0 || $0 == 75 }, "a refused duplicate is retried by the MTA (75) and then ignored")
            let comments = try await desk.events(id, as: cast.alice).filter { $0.comment?.body == "It works again." }
            #expect(comments.count == 1)
            #expect(try await InboundMessageModel.query(on: desk.db).filter(\.$messageID == "<twice@mail.example>").count() == 1)
            // The MTA's retry of a refused delivery is now recognised.
            #expect(try await helpdesk.mailgate.receiveMail(message).exitCode == 0)
            #expect(try await desk.events(id, as: cast.alice).filter { $0.comment?.body == "It works again." }.count == 1)
        }
    }

    @Test func administratorsSeeWhatTheMailGateTookIn() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            _ = try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "alice@example.edu", to: desk.replyAddress(ticket: id, for: "alice@example.edu"),
                                                              subject: "Re: [Switchboard #\(id)] x", id: "seen-1", body: "Thanks."))
            _ = try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "alice@example.edu", subject: "Out of office", id: "seen-2",
                                                              extra: "Auto-Submitted: auto-replied\r\n", body: "I am away."))
            var admin = WebFlowTests.Browser(desk: desk)
            try await admin.signIn(cast.admin.email)
            let page = try await admin.get("/admin/mail").body.string
            #expect(page.contains("&lt;seen-1@mail.example&gt;") && page.contains("commented") && page.contains("/tickets/\(id)"))
            #expect(page.contains("&lt;seen-2@mail.example&gt;") && page.contains("ignored: "))
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            #expect(try await expert.get("/admin/mail").status == .forbidden)
        }
    }

    /// Supporters' mail needs a sender the installation's mail server verified.
    static let verifiedByOurServer = "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org\r\n"

    @Test func aSupportersReplyFoundByItsThreadHeadersIsAPublicComment() async throws {
        try await TestHelpdesk.with(configure: { $0.mailAuthservID = "mx.example.org" }) { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let outcome = try await desk.helpdesk.mailgate.receiveMail(Self.mail(
                from: "triage@example.org", subject: "Re: your problem", id: "s1",
                extra: Self.verifiedByOurServer
                    + "In-Reply-To: <switchboard.ticket-\(id)@127.0.0.1>\r\nReferences: <switchboard.ticket-\(id)@127.0.0.1>\r\n",
                body: "Please send the log.\n\n-----Original Message-----\nFrom: Switchboard\nSent: Monday\n"))
            #expect(outcome == .commented(ticket: id))
            let comment = try #require(try await desk.events(id, as: cast.alice).last { $0.kind == "comment-public" })
            #expect(comment.comment?.body == "Please send the log.")
            #expect(comment.comment?.quoted == nil, "a supporter's quote may hold internal notes: the submitter never sees it")
            let supporterView = try #require(try await desk.events(id, as: cast.triage).last { $0.kind == "comment-public" })
            #expect(supporterView.comment?.quoted?.contains("-----Original Message-----") == true, "kept, folded, for supporters")
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(!(try await alice.get("/tickets/\(id)").body.string.contains("Quoted text")))
            var triage = WebFlowTests.Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            #expect(try await triage.get("/tickets/\(id)").body.string.contains("Quoted text"))
            // A stranger cannot write to a ticket that is not theirs.
            #expect(try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "bob@example.net", subject: "[Switchboard #\(id)] me too", id: "b1", body: "x"))
                    .exitCode == 67)
        }
    }

    @Test func newMailOpensATicketWithItsAttachmentAndStrangersAndRobotsAreRefused() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let log = Data("ERROR: pool full\n".utf8).base64EncodedString()
            let message = Data("""
                From: Bob Siteadmin <bob@example.net>
                Subject: =?utf-8?Q?SRM_endpoint_d=C3=A9faillant?=
                Message-ID: <n1@mail.example>
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/html; charset=utf-8

                <p>The SRM endpoint fails since <b>Monday</b> &amp; the pool is full.</p>
                --b
                Content-Type: text/plain; name=pool.log
                Content-Disposition: attachment; filename=pool.log
                Content-Transfer-Encoding: base64

                \(log)
                --b--
                """.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let outcome = try await desk.helpdesk.mailgate.receiveMail(message)
            guard case .opened(let id) = outcome else {
                Issue.record("expected a new ticket, got \(outcome)")
                return
            }
            let ticket = try await desk.ticket(id, as: cast.bob)
            #expect(ticket.subject == "SRM endpoint défaillant" && ticket.supportUnit.name == "TPM" && ticket.status == "new")
            #expect(ticket.attachments.map(\.filename) == ["pool.log"])
            let response = try await desk.request(.GET, "/api/v1/tickets/\(id)", as: cast.bob)
            #expect(response.body.string.contains("The SRM endpoint fails since Monday & the pool is full."))

            #expect(try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "nobody@nowhere.example", subject: "help", id: "u1", body: "x"))
                    .exitCode == 67)
            let autoReply = try await desk.helpdesk.mailgate.receiveMail(Self.mail(
                from: "bob@example.net", subject: "Out of office", id: "a1", extra: "Auto-Submitted: auto-replied\r\n", body: "Away."))
            #expect(autoReply.exitCode == 0 && autoReply.description.contains("automatic"))
            let bounce = try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "bob@example.net", subject: "Undelivered", id: "a2", body: "x"), envelopeSender: "<>")
            #expect(bounce.description.contains("bounce"))
            #expect(try await TicketModel.query(on: desk.db).count() == 1, "robots open no tickets")
            #expect(try await desk.helpdesk.mailgate.receiveMail(Data("not a mail".utf8)).exitCode == 65)
        }
    }

    @Test func anInstallationMayTakeNewMailFromStrangersAsGuests() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            desk.app.switchboardConfiguration.mailgateAcceptsGuests = true
            let outcome = try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "Carol Visitor <carol@visitor.example>", subject: "Portal down", id: "g1", body: "Cannot log in."))
            guard case .opened(let ticket) = outcome else {
                Issue.record("expected a ticket, got \(outcome)")
                return
            }
            let guest = try #require(try await UserModel.query(on: desk.db).filter(\.$email == "carol@visitor.example").first())
            #expect(guest.displayName == "Carol Visitor" && !guest.isAdmin)
            #expect(try await TicketModel.find(ticket, on: desk.db)?.$submitter.id == guest.id)
            // A guest has no say on other people's tickets, and strangers still cannot reply to them.
            #expect(try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "dave@visitor.example", subject: "[Switchboard #\(id)] me too", id: "g2", body: "x")).exitCode == 67)
            #expect(try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "carol@visitor.example", subject: "[Switchboard #\(id)] me too", id: "g3", body: "x")).exitCode == 67)
        }
    }

    @Test func aSenderWhoFloodsIsToldToComeBackLater() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let replyAddress = desk.replyAddress(ticket: id, for: "alice@example.edu")
            for index in 0..<30 {
                let outcome = try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "alice@example.edu", to: replyAddress, subject: "[Switchboard #\(id)] again",
                                                                            id: "f\(index)", body: "again \(index)"))
                #expect(outcome == .commented(ticket: id))
            }
            let outcome = try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "alice@example.edu", to: replyAddress, subject: "[Switchboard #\(id)] again", id: "f30", body: "again"))
            #expect(outcome.exitCode == 75)
            desk.time.advance(by: 3601)
            #expect(try await desk.helpdesk.mailgate.receiveMail(Self.mail(from: "alice@example.edu", to: replyAddress, subject: "[Switchboard #\(id)] again",
                                                                  id: "f30", body: "again")).exitCode == 0)
        }
    }
}
