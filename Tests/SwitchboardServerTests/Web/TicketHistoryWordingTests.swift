import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The ticket page's history says what happened: a note given with an assignment is the
/// assignment's note, not a reply.
@Suite struct TicketHistoryWordingTests {
    typealias Browser = WebFlowTests.Browser

    @Test func aRoutingNoteIsNotAReply() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let assigned = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage,
                                                  json: ["supportUnit": "DMSU", "note": "Looks like a CE configuration issue."])
            #expect(assigned.status == .ok)
            desk.time.advance(by: 60)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "Which CE version?"])
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let page = try await expert.get("/tickets/\(id)").body.string
            #expect(page.contains("assigned it from TPM to DMSU"))
            #expect(page.contains("<strong>Tomas Triage</strong> added a note to the assignment"))
            #expect(page.contains("<strong>Eva Expert</strong> replied"))
            #expect(!page.contains("<strong>Tomas Triage</strong> replied"))
        }
    }
}
