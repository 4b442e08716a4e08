import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Every event's mail, written to the outbox in the event's transaction (issue 5, "who gets what").
@Suite struct NotificationTests {
    func outbox(_ desk: TestHelpdesk) async throws -> [OutboxMessageModel] {
        try await OutboxMessageModel.query(on: desk.db).sort(\.$createdAt).all()
    }

    @Test func eachEventMailsItsSupportersAndThePublicOnesTheSubmitter() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var mail = try await outbox(desk)
            #expect(mail.map(\.kind) == ["created"], "the submitter is not mailed about her own ticket")
            #expect(mail.first?.recipientList == ["tpm@example.org"])
            #expect(mail.first?.subject == "[Switchboard #\(id)] Jobs fail on CREAM CE")
            let headers = Dictionary(uniqueKeysWithValues: mail.first!.headers.map { ($0.name, $0.value) })
            #expect(headers["References"] == "<switchboard.ticket-\(id)@127.0.0.1>")
            #expect(headers["In-Reply-To"] == headers["References"])
            #expect(headers["Auto-Submitted"] == "auto-generated")
            #expect(headers["Message-ID"]?.hasPrefix("<switchboard.") == true)
            try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, json: ["cc": ["carol@example.com"]])

            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Same pool as last week", "visibility": "internal"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Which version do you run?"])
            mail = try await outbox(desk)
            let internalNote = mail.filter { $0.kind == "comment-internal" }
            #expect(internalNote.map(\.recipientList) == [["tpm@example.org"]], "supporters only")
            let question = mail.filter { $0.kind == "comment-public" }
            #expect(question.map(\.recipientList) == [["tpm@example.org"], ["alice@example.edu"], ["carol@example.com"]])
            // Each person on the submitter's side has a reply address of their own; the unit list none.
            let replyTo = question.map { message in message.headers.first { $0.name == "Reply-To" }?.value }
            #expect(replyTo[0] == nil)
            #expect(replyTo[1]?.hasPrefix("switchboard+\(id)-") == true && replyTo[2]?.hasPrefix("switchboard+\(id)-") == true)
            #expect(replyTo[1] != replyTo[2])
            #expect(question.allSatisfy { $0.body.contains("Which version do you run?") })
            // No internal text ever reaches the submitter's side.
            for message in mail where message.recipientList.contains("alice@example.edu") || message.recipientList.contains("carol@example.com") {
                #expect(!message.body.contains("Same pool as last week"))
            }
        }
    }
}

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

/// Subscribers: anyone who may read a ticket can ask for mail about its public events.
@Suite struct SubscriptionTests {
    func mails(_ desk: TestHelpdesk, containing text: String) async throws -> [OutboxMessageModel] {
        try await OutboxMessageModel.query(on: desk.db).all().filter { $0.body.contains(text) }
    }

    @Test func aSubscriberGetsEveryPublicEventInAMessageOfTheirOwnAndNoInternalOne() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            // Alice wants mail only on solution, and copies Carol; the expert of another unit subscribes.
            let id = try await desk.fileTicket(as: cast.alice, extra: ["notificationMode": "on-solution"])
            try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, json: ["cc": ["carol@example.com"]])
            var response = try await desk.request(.GET, "/api/v1/tickets/\(id)/subscription", as: cast.expert)
            #expect(try response.content.decode(TicketsController.SubscriptionResponse.self).subscribed == false)
            for _ in 0..<2 {
                response = try await desk.request(.PUT, "/api/v1/tickets/\(id)/subscription", as: cast.expert)
                #expect(response.status == .ok)
                #expect(try response.content.decode(TicketsController.SubscriptionResponse.self).subscribed == true)
            }
            #expect(try await TicketSubscriptionModel.query(on: desk.db).count() == 1, "subscribing twice keeps one subscription")

            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Which version do you run?"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "SECRET pool notes", "visibility": "internal"])
            let question = try await mails(desk, containing: "Which version do you run?")
            // The unit's list, and the subscriber alone in a message of their own; Alice (on solution) and Carol get nothing yet.
            #expect(Set(question.map(\.recipientList)) == [["tpm@example.org"], ["expert@example.org"]])
            #expect(question.first { $0.recipientList == ["expert@example.org"] }?.body.contains("because you subscribed to the ticket") == true)
            #expect(question.first { $0.recipientList == ["tpm@example.org"] }?.body.contains("as a supporter of the ticket") == true)
            #expect(try await mails(desk, containing: "SECRET").flatMap(\.recipientList) == ["tpm@example.org"])

            // A person who may not read the ticket cannot subscribe to it, and learns nothing of it.
            response = try await desk.request(.PUT, "/api/v1/tickets/\(id)/subscription", as: cast.bob)
            #expect(response.status == .notFound)
            #expect(try await desk.request(.GET, "/api/v1/tickets/\(id)/subscription", as: cast.bob).status == .notFound)
            #expect(try await desk.request(.PUT, "/api/v1/tickets/\(id)/subscription").status == .unauthorized)
            #expect(try await TicketSubscriptionModel.query(on: desk.db).count() == 1)

            response = try await desk.request(.DELETE, "/api/v1/tickets/\(id)/subscription", as: cast.expert)
            #expect(try response.content.decode(TicketsController.SubscriptionResponse.self).subscribed == false)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Please send the log."])
            #expect(try await mails(desk, containing: "Please send the log.").flatMap(\.recipientList) == ["tpm@example.org"])
        }
    }

    @Test func aSupporterSubscribesOnTheTicketPageAndTheSubmitterIsNotOffered() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            var page = try await expert.get("/tickets/\(id)").body.string
            #expect(page.contains("action-subscribe") && !page.contains("action-unsubscribe"))
            var response = try await expert.post("/tickets/\(id)/subscribe", form: ["_csrf": WebFlowTests.Browser.csrf(in: page)!])
            #expect(response.status == .seeOther)
            page = try await expert.get("/tickets/\(id)").body.string
            #expect(page.contains("You are subscribed"))
            #expect(try await TicketSubscriptionModel.query(on: desk.db).filter(\.$user.$id == cast.expert.id).count() == 1)
            response = try await expert.post("/tickets/\(id)/unsubscribe", form: ["_csrf": WebFlowTests.Browser.csrf(in: page)!])
            #expect(try await TicketSubscriptionModel.query(on: desk.db).count() == 0)

            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            page = try await alice.get("/tickets/\(id)").body.string
            #expect(!page.contains("action-subscribe"), "the submitter's mail follows her notification mode")
        }
    }
}

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
