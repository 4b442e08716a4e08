import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Who gets mail is the submitter's to change after filing: notification mode and CC on the ticket page.
@Suite struct TicketDetailsFormTests {
    @Test func theSubmitterChangesHerNotificationModeAndCCOnTheTicketPage() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, extra: ["vo": "atlas"])
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            var page = try await alice.get("/tickets/\(id)").body.string
            #expect(page.contains("action-details") && page.contains("name=\"notificationMode\""))
            let csrf = WebFlowTests.Browser.csrf(in: page)!
            let response = try await alice.post("/tickets/\(id)/details", form: [
                "_csrf": csrf, "subject": "Jobs fail on CREAM CE", "affectedSite": "DESY-HH", "vo": "", "component": "", "componentVersion": "",
                "cc": "carol@example.com, dave@example.org", "notificationMode": "never"])
            #expect(response.status == .seeOther, "\(response.body.string)")
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.cc == ["carol@example.com", "dave@example.org"])
            let model = try #require(try await TicketModel.find(id, on: desk.db))
            #expect(model.notificationMode == .never && model.affectedSite == "DESY-HH" && model.virtualOrganisation == nil)
            let change = try #require(try await desk.events(id, as: cast.alice).last { $0.kind == "field-changed" })
            #expect(Set(change.changes.map(\.field)) == ["affectedSite", "vo", "cc", "notificationMode"], "unchanged fields are not recorded")

            // Mode "never": neither she nor the CC addresses are mailed about the question.
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Which version do you run?"])
            let question = try await OutboxMessageModel.query(on: desk.db).all().filter { $0.body.contains("Which version do you run?") }
            #expect(question.flatMap(\.recipientList) == ["tpm@example.org"])

            // Bad input changes nothing and says why.
            let refused = try await alice.post("/tickets/\(id)/details", form: ["_csrf": csrf, "subject": "", "cc": "not an address"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("subject"))
            #expect(try await desk.ticket(id, as: cast.alice).cc == ["carol@example.com", "dave@example.org"])

            // First line edits the details but not her notification mode; another unit's expert edits nothing.
            var triage = WebFlowTests.Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            page = try await triage.get("/tickets/\(id)").body.string
            #expect(page.contains("action-details") && !page.contains("name=\"notificationMode\""))
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            page = try await expert.get("/tickets/\(id)").body.string
            #expect(!page.contains("action-details"))
            let forged = try await expert.post("/tickets/\(id)/details", form: ["_csrf": WebFlowTests.Browser.csrf(in: page)!, "notificationMode": "every-change"])
            #expect(forged.status == .forbidden)
            #expect(try await TicketModel.find(id, on: desk.db)?.notificationMode == .never)
        }
    }
}
