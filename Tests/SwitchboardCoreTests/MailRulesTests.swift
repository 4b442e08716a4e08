import Foundation
import Testing
@testable import SwitchboardCore

/// Rendering mail and deciding who gets it: the rules alone.
@Suite struct MailRulesTests {
    @Test func quotedPrintableRoundTripsAndKeepsLinesShort() {
        let samples = ["plain ASCII", "Grüße aus Zürich — €5", "trailing space ", "a=b", String(repeating: "é", count: 200), "line one\nline two\r\nthree"]
        for sample in samples {
            let encoded = QuotedPrintable.encode(sample)
            #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 }, "\(encoded)")
            #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
            let decoded = String(decoding: QuotedPrintable.decode(encoded), as: UTF8.self)
            #expect(decoded == sample.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
        }
        #expect(QuotedPrintable.encode("end ") == "end=20")
    }

    @Test func headersAreEncodedFoldedAndCannotBeInjected() {
        #expect(MailHeader.encodeWords("Jobs fail") == "Jobs fail")
        let encoded = MailHeader.encodeWords("Jobs fail on CRÈME CE")
        #expect(encoded.hasPrefix("=?utf-8?B?") && encoded.hasSuffix("?="))
        let long = MailHeader.encodeWords(String(repeating: "ü", count: 100))
        #expect(long.split(separator: " ").allSatisfy { $0.count <= 75 })
        let decoded = long.split(separator: " ").map { word -> String in
            let base64 = word.dropFirst("=?utf-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == String(repeating: "ü", count: 100))
        #expect(MailHeader.encodeWords("Hi\r\nBcc: victim@example.org") == "Hi  Bcc: victim@example.org")
        let folded = MailHeader.fold("References: " + Array(repeating: "<a-long-message-id@example.org>", count: 5).joined(separator: " "))
        #expect(folded.components(separatedBy: "\r\n").count > 1)
        #expect(folded.components(separatedBy: "\r\n").dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(MailHeader.date(Date(timeIntervalSince1970: 1_790_000_000)) == "Mon, 21 Sep 2026 14:13:20 +0000")
    }

    @Test func aMessageRendersAsMIME() {
        let message = MailMessage(from: "Helpdesk <helpdesk@example.org>", to: ["a@example.org", "b@example.org"], subject: "[Switchboard #1] Test",
                                  text: "Hello\nWorld", headers: [("Message-ID", "<x@example.org>"), ("Auto-Submitted", "auto-generated")])
        let text = message.render(date: Date(timeIntervalSince1970: 0))
        #expect(text.contains("\r\nTo: a@example.org, b@example.org\r\n"))
        #expect(text.contains("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHello\r\nWorld\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        var withHTML = message
        withHTML.html = "<p>Hello</p>"
        let alternative = withHTML.render(date: Date(timeIntervalSince1970: 0))
        #expect(alternative.contains("Content-Type: multipart/alternative; boundary="))
        #expect(alternative.contains("Content-Type: text/html; charset=utf-8"))
        #expect(alternative.hasSuffix("--=_switchboard_alternative--\r\n"))
    }

    func facts(_ kind: TicketEventKind = .commentPublic, visibility: Visibility = .public, status: TicketStatus? = nil,
               actor: String? = "expert@example.org", wantsOwn: Bool = false, mode: NotificationMode = .everyChange) -> NotificationRules.Facts {
        NotificationRules.Facts(kind: kind, visibility: visibility, statusAfter: status, actorEmail: actor, actorWantsOwnChanges: wantsOwn,
                                unitList: "dmsu@example.org", responsible: "expert@example.org", involvedUnitLists: ["cream@example.org"],
                                involvedPeople: ["Dev@Example.org"], submitter: "alice@example.edu", submitterMode: mode,
                                cc: ["carol@example.com", "dev@example.org"])
    }

    @Test func whoGetsWhat() {
        // The actor (the responsible expert) is left out; an address on both sides gets the supporters' mail only.
        var recipients = NotificationRules.recipients(facts())
        #expect(recipients.supporters == ["dmsu@example.org", "cream@example.org", "Dev@Example.org"])
        #expect(recipients.submitterSide == ["alice@example.edu", "carol@example.com"])
        // Internal events never go to the submitter's side.
        recipients = NotificationRules.recipients(facts(.commentInternal, visibility: .internal))
        #expect(recipients.submitterSide == [] && !recipients.supporters.isEmpty)
        // Asked to be told about their own changes.
        #expect(NotificationRules.recipients(facts(wantsOwn: true)).supporters.contains("expert@example.org"))
        // The submitter's mode decides for the submitter and CC.
        #expect(NotificationRules.recipients(facts(mode: .never)).submitterSide == [])
        #expect(NotificationRules.recipients(facts(mode: .onSolution)).submitterSide == [])
        #expect(NotificationRules.recipients(facts(.statusChanged, status: .solved, mode: .onSolution)).submitterSide == ["alice@example.edu", "carol@example.com"])
        // The submitter's own reply does not come back to her.
        #expect(NotificationRules.recipients(facts(actor: "alice@example.edu")).submitterSide == ["carol@example.com"])
        // Reminders, escalations and sweep notes carry their own messages or none.
        for kind in [TicketEventKind.reminderSent, .escalated, .sweepNote] {
            #expect(NotificationRules.recipients(facts(kind)).isEmpty)
        }
    }

    @Test func subscribersGetEveryPublicEventWhateverTheSubmittersMode() {
        func withSubscribers(_ facts: NotificationRules.Facts, _ subscribers: [String]) -> NotificationRules.Facts {
            var facts = facts
            facts.subscribers = subscribers
            return facts
        }
        let subscribers = ["ops@egi.example", "DMSU@example.org", "Alice@example.edu", "expert@example.org", "ops@egi.example"]
        // A subscriber who is also on the supporters' side or the actor gets nothing extra; the
        // submitter's own mail follows her mode; duplicates collapse.
        var recipients = NotificationRules.recipients(withSubscribers(facts(), subscribers))
        #expect(recipients.submitterSide == ["alice@example.edu", "carol@example.com"])
        #expect(recipients.subscribers == ["ops@egi.example"])
        recipients = NotificationRules.recipients(withSubscribers(facts(mode: .never), subscribers))
        #expect(recipients.submitterSide == [] && recipients.subscribers == ["ops@egi.example"])
        // Internal events never reach subscribers.
        recipients = NotificationRules.recipients(withSubscribers(facts(.commentInternal, visibility: .internal), subscribers))
        #expect(recipients.subscribers == [] && !recipients.supporters.contains("ops@egi.example"))
        #expect(NotificationRules.recipients(withSubscribers(facts(.sweepNote), subscribers)).isEmpty)
    }

    @Test func everyKindHasATemplateThatEndsWithTheTicketsLink() {
        for kind in TicketEventKind.allCases {
            let body = MailTemplates.body(MailTemplates.Event(
                ticketID: 7, ticketSubject: "Subject", unitName: "DMSU", status: .assigned, priority: .urgent, kind: kind, visibility: .public,
                actorName: "Eva Expert", changes: [FieldChange(field: "status", before: "new", after: "assigned")], note: nil,
                commentBody: nil, description: "The description", ticketURL: "https://helpdesk.example.org/tickets/7"))
            #expect(body.hasSuffix("https://helpdesk.example.org/tickets/7"))
            #expect(body.contains("Ticket #7: Subject"))
        }
        #expect(MailTemplates.subject(prefix: "GGUS", ticketID: 12, ticketSubject: "Down") == "[GGUS #12] Down")
        // Each audience is told why it got the mail, above the link.
        let event = MailTemplates.Event(
            ticketID: 7, ticketSubject: "Subject", unitName: "DMSU", status: .assigned, priority: .urgent, kind: .commentPublic, visibility: .public,
            actorName: "Eva Expert", changes: [], note: nil, commentBody: "Hello", description: nil, ticketURL: "https://helpdesk.example.org/tickets/7")
        for audience in MailTemplates.Audience.allCases {
            let lines = MailTemplates.body(event, for: audience).components(separatedBy: "\n")
            #expect(lines.suffix(2) == [audience.reason, "https://helpdesk.example.org/tickets/7"])
        }
    }
}
