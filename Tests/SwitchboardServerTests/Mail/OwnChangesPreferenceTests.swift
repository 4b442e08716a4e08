import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Asking to be mailed about one's own changes, on the account page.
@Suite struct OwnChangesPreferenceTests {
    @Test func aSupporterWhoAsksIsMailedAboutTheirOwnChanges() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var triage = WebFlowTests.Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let page = try await triage.get("/account").body.string
            let response = try await triage.post("/account/mail", form: ["_csrf": WebFlowTests.Browser.csrf(in: page)!, "notifyOwnChanges": "true"])
            #expect(response.status == .ok && response.body.string.contains("You will be mailed about your own changes too."))
            // Triage is the responsible person, so its address is among the recipients of every event.
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "TPM", "assignee": cast.triage.id.uuidString])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "On it."])
            var reply = try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "comment-public").all()
            #expect(reply.flatMap(\.recipientList).contains("triage@example.org"))
            let unsubscribed = try await triage.post("/account/mail", form: ["_csrf": WebFlowTests.Browser.csrf(in: page)!])
            #expect(unsubscribed.body.string.contains("You will not be mailed about your own changes."))
            #expect(try await UserModel.find(cast.triage.id, on: desk.db)?.notifyOwnChanges == false)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Still on it."])
            reply = try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "comment-public").sort(\.$createdAt).all()
            #expect(reply.filter { $0.body.contains("Still on it.") }.flatMap(\.recipientList).contains("triage@example.org") == false)
        }
    }
}
