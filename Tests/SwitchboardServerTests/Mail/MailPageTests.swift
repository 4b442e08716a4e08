import Fluent
import Foundation
import NIOPosix
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The administrators' mail page through the real routes.
@Suite struct MailPageTests {
    typealias Browser = WebFlowTests.Browser

    @Test func administratorsSeeFailedMailAndRetryIt() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice, subject: "Mail <b>test</b>")
            let message = try #require(try await OutboxMessageModel.query(on: desk.db).first())
            message.failedAt = desk.time.current
            message.attempts = 10
            message.lastError = "The SMTP server refused the recipient <tpm@example.org>: 550 no such user"
            try await message.save(on: desk.db)

            var admin = Browser(desk: desk)
            try await admin.signIn(cast.admin.email)
            var page = try await admin.get("/admin/mail").body.string
            #expect(page.contains("0 messages waiting to be sent, 1 failed."))
            #expect(page.contains("550 no such user") && page.contains("Mail &lt;b&gt;test&lt;/b&gt;"))
            let response = try await admin.post("/admin/mail/\((try message.requireID()))/retry", form: ["_csrf": Browser.csrf(in: page)!])
            #expect(response.status == .ok && response.body.string.contains("will be sent at the next pass"))
            page = try await admin.get("/admin/mail").body.string
            #expect(page.contains("1 message waiting to be sent, 0 failed."))

            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            #expect(try await expert.get("/admin/mail").status == .forbidden)
        }
    }
}
