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

    /// An automatic action names the rule that took it.
    @Test func aSystemActionNamesItsRule() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, extra: ["priority": "top-priority"])
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.triage.email)
            let page = try await expert.get("/tickets/\(id)").body.string
            let events = try await desk.events(id, as: cast.triage)
            let rule = try #require(events.compactMap(\.rule).first, "filing a top-priority ticket alerts by a rule")
            #expect(page.contains("<span class=\"rule-tag\" title=\"The automatic rule that took this action\">rule: \(Format.label(rule).lowercased())</span>"))
            #expect(page.components(separatedBy: "class=\"rule-tag\"").count - 1 == events.filter { $0.rule != nil }.count)
        }
    }
}
