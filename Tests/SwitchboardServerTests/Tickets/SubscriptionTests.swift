import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

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
