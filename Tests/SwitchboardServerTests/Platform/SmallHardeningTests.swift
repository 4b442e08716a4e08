import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The smaller findings of the hardening review (issue 9, defect 9), each through the path a
/// person or a client would take.
@Suite struct SmallHardeningTests {
    /// `next=/%09/evil.example` became "//evil.example" once the browser dropped the tab.
    @Test func signingInNeverRedirectsToAnotherSite() async throws {
        try await TestHelpdesk.with { desk in
            _ = try await desk.cast()
            for next in ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "https://evil.example", "/ /evil.example",
                         "/\u{200B}/evil.example"] {
                var browser = WebFlowTests.Browser(desk: desk)
                let csrf = WebFlowTests.Browser.csrf(in: try await browser.get("/sign-in").body.string)!
                let response = try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "correct horse battery", "next": next])
                #expect(response.headers.first(name: .location) == "/", "next=\(next.debugDescription)")
            }
            var browser = WebFlowTests.Browser(desk: desk)
            let csrf = WebFlowTests.Browser.csrf(in: try await browser.get("/sign-in").body.string)!
            let response = try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "correct horse battery", "next": "/tickets?status=open"])
            #expect(response.headers.first(name: .location) == "/tickets?status=open")
        }
    }

    /// One mail with 5,000 parts made 499 attachments, 500 events and 500 notifications.
    @Test func aMailWithThousandsOfAttachmentsStoresAFewAndNotifiesOnce() async throws {
        try await TestHelpdesk.with(configure: { $0.mailgateMaxAttachments = 5 }) { desk in
            let cast = try await desk.cast()
            var body = "--b\r\nContent-Type: text/plain\r\n\r\nLogs attached.\r\n"
            for index in 0..<5000 {
                body += "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"log\(index).txt\"\r\n\r\nline \(index)\r\n"
            }
            body += "--b--\r\n"
            let message = Data(("From: Bob <bob@example.net>\r\nSubject: Many logs\r\nMessage-ID: <many@example.net>\r\n"
                                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + body).utf8)
            let before = try await OutboxMessageModel.query(on: desk.db).count()
            guard case .opened(let id) = try await desk.helpdesk.mailgate.receiveMail(message) else {
                Issue.record("no ticket")
                return
            }
            let ticket = try await desk.ticket(id, as: cast.bob)
            #expect(ticket.attachments.count == 5)
            let events = try await desk.events(id, as: cast.triage)
            #expect(events.filter { $0.kind == "attachment-added" }.count == 5)
            #expect(events.contains { $0.comment?.body.contains("only the first 5 were stored") == true })
            // The new ticket's mail (to first line, to Bob) and the note about refused attachments; none per attachment.
            let mails = try await OutboxMessageModel.query(on: desk.db).count() - before
            #expect(mails <= 4, "\(mails) messages")
        }
    }

    /// A subject with a NUL in an encoded word made the mail gate exit 75 on every retry.
    @Test func aNULInAnEncodedSubjectIsDropped() async throws {
        try await TestHelpdesk.with { desk in
            _ = try await desk.cast()
            let message = Data("From: bob@example.net\r\nSubject: =?utf-8?B?\(Data("Pool\u{0} down".utf8).base64EncodedString())?=\r\nMessage-ID: <nul@example.net>\r\n\r\nText\u{0} with NUL\r\n".utf8)
            guard case .opened(let id) = try await desk.helpdesk.mailgate.receiveMail(message) else {
                Issue.record("no ticket")
                return
            }
            let ticket = try #require(try await TicketModel.find(id, on: desk.db))
            #expect(ticket.subject == "Pool down" && ticket.description == "Text with NUL")
        }
    }

    /// A submitter saw "updated" move when only an internal note was added.
    @Test func internalNotesDoNotMoveTheSubmittersUpdatedTime() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            struct Times: Codable { var updatedAt: Date }
            func updated(_ person: TestHelpdesk.Person) async throws -> Date {
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                return try decoder.decode(Times.self, from: Data(try await desk.request(.GET, "/api/v1/tickets/\(id)", as: person).body.readableBytesView)).updatedAt
            }
            let filed = try await updated(cast.alice)
            desk.time.advance(by: 3600)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Looks like the pool.", "visibility": "internal"])
            #expect(try await updated(cast.alice) == filed)
            #expect(try await updated(cast.triage) > filed)
            let list = try await desk.request(.GET, "/api/v1/tickets", as: cast.alice).body.string
            #expect(!list.contains(ISO8601.format(desk.time.current)))
            desk.time.advance(by: 3600)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Which version?"])
            #expect(try await updated(cast.alice) == desk.time.current)
        }
    }

    /// `calendar deadline --plus 999999999wd` said the calendar had no working time at all.
    @Test func aDeadlineBeyondTheHorizonIsOutOfRangeNotNoWorkingTime() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let response = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/calendar/deadline?from=2026-10-02T16:30:00%2B02:00&plus=999999999wd",
                                                  as: cast.alice)
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["plus"]?.first?.contains("out of range") == true, "\(response.body.string)")
        }
    }
}
