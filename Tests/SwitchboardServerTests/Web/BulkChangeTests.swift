import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Tickets ticked in a list change together, each by the rules of its own page and in its
/// own event; the list comes back saying what changed and what was refused, and why.
@Suite struct BulkChangeTests {
    typealias Browser = WebFlowTests.Browser

    @Test func selectedTicketsChangeOneByOneAndRefusalsSayWhy() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let first = try await desk.fileTicket(as: cast.alice, subject: "Bulk one")
            let second = try await desk.fileTicket(as: cast.bob, subject: "Bulk two")
            // With DMSU already: assigning it there again is refused.
            let third = try await desk.fileTicket(as: cast.alice, subject: "Bulk three")
            let routed = try await desk.request(.POST, "/api/v1/tickets/\(third)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            #expect(routed.status == .ok, "\(routed.body.string)")
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let list = try await triage.get("/search?text=bulk").body.string
            for id in [first, second, third] {
                #expect(list.contains("name=\"ticket\" value=\"\(id)\" form=\"bulk\""), "a checkbox for #\(id)")
            }
            #expect(list.contains("<form method=\"post\" action=\"/tickets/bulk\""))
            let token = Browser.csrf(in: list)!

            let assigned = try await triage.post("/tickets/bulk", fields: [
                ("_csrf", token), ("ticket", "\(first)"), ("ticket", "\(second)"), ("ticket", "\(third)"), ("ticket", "\(first)"),
                ("change", "assign"), ("supportUnit", "DMSU"), ("note", "Both look like dCache."), ("search", "text=bulk"),
            ])
            #expect(assigned.status == .ok)
            let page = assigned.body.string
            let summary = try #require(page.components(separatedBy: "id=\"bulk-outcome\"").dropFirst().first?.components(separatedBy: "</div>").first)
            #expect(summary.contains("Changed 2 tickets") && summary.contains("#\(first)") && summary.contains("#\(second)"), "\(summary)")
            #expect(summary.contains("Refused 1 ticket") && summary.contains("#\(third)</a>: Ticket #\(third) is already assigned to DMSU."), "\(summary)")
            #expect(page.contains("name=\"ticket\" value=\"\(first)\""), "the list it came from is shown again")
            for id in [first, second] {
                #expect(try await desk.ticket(id, as: cast.triage).supportUnit.name == "DMSU")
                let events = try await desk.events(id, as: cast.triage)
                #expect(events.filter { $0.kind == "assigned-to-unit" }.count == 1, "one event per ticket, #\(id) named once")
            }
            #expect(try await desk.events(third, as: cast.triage).filter { $0.kind == "assigned-to-unit" }.count == 1, "the refused ticket is unchanged")

            // A change refused as a whole changes nothing and says why.
            let noStatus = try await triage.post("/tickets/bulk", fields: [
                ("_csrf", token), ("ticket", "\(first)"), ("change", "status"), ("status", ""), ("search", "text=bulk")])
            #expect(noStatus.status == .unprocessableEntity && noStatus.body.string.contains("Choose a status."))
            let nothing = try await triage.post("/tickets/bulk", fields: [("_csrf", token), ("change", "note"), ("note", "x"), ("search", "")])
            #expect(nothing.status == .unprocessableEntity && nothing.body.string.contains("Select at least one ticket."))
            let junk = try await triage.post("/tickets/bulk", fields: [("_csrf", token), ("ticket", "12abc"), ("change", "note"), ("note", "x")])
            #expect(junk.status == .unprocessableEntity && junk.body.string.contains("is not a ticket number"))

            // An internal note on several tickets never reaches their submitters.
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let expertToken = Browser.csrf(in: try await expert.get("/search").body.string)!
            let noted = try await expert.post("/tickets/bulk", fields: [
                ("_csrf", expertToken), ("ticket", "\(first)"), ("ticket", "\(second)"), ("change", "note"), ("note", "INTERNAL: same pool")])
            #expect(noted.body.string.contains("Changed 2 tickets"))
            let seenByAlice = try await desk.events(first, as: cast.alice)
            #expect(!seenByAlice.contains { ($0.comment?.body ?? "").contains("INTERNAL") })
            #expect(try await desk.events(first, as: cast.expert).contains { ($0.comment?.body ?? "").contains("INTERNAL: same pool") })

            // Submitters get no checkboxes.
            var alice = Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(!(try await alice.get("/search").body.string.contains("name=\"ticket\"")))
        }
    }

    struct OutcomeJSON: Decodable {
        struct Refusal: Decodable { var ticket: Int; var reason: String }
        var changed: [Int]
        var refused: [Refusal]
    }

    @Test func theAPIChangesSeveralTicketsAndSaysWhichWereRefused() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let first = try await desk.fileTicket(as: cast.alice, subject: "API bulk one")
            let second = try await desk.fileTicket(as: cast.bob, subject: "API bulk two")
            let changed = try await desk.request(.POST, "/api/v1/tickets/bulk-changes", as: cast.triage, json: BulkChangeInput(
                tickets: [first, second, 999_999], change: "priority", priority: "urgent", note: "Whole site affected"))
            #expect(changed.status == .ok, "\(changed.body.string)")
            let outcome = try JSONDecoder().decode(OutcomeJSON.self, from: Data(buffer: changed.body))
            #expect(outcome.changed == [first, second])
            #expect(outcome.refused.map(\.ticket) == [999_999] && outcome.refused[0].reason.contains("999999"), "\(outcome.refused)")
            for id in [first, second] { #expect(try await desk.ticket(id, as: cast.triage).priority == "urgent") }

            // A priority change without its justification is refused for each ticket, and changes nothing.
            let unjustified = try await desk.request(.POST, "/api/v1/tickets/bulk-changes", as: cast.triage, json: BulkChangeInput(
                tickets: [first], change: "priority", priority: "top-priority"))
            let refusedOutcome = try JSONDecoder().decode(OutcomeJSON.self, from: Data(buffer: unjustified.body))
            #expect(refusedOutcome.changed.isEmpty && refusedOutcome.refused.map(\.ticket) == [first])
            #expect(try await desk.ticket(first, as: cast.triage).priority == "urgent")

            // A submitter's bulk change is held to the same rules: she may not set priorities.
            let bySubmitter = try await desk.request(.POST, "/api/v1/tickets/bulk-changes", as: cast.alice, json: BulkChangeInput(
                tickets: [first], change: "priority", priority: "less-urgent", note: "not so bad"))
            #expect(try JSONDecoder().decode(OutcomeJSON.self, from: Data(buffer: bySubmitter.body)).refused.map(\.ticket) == [first])

            // Refused as a whole: nothing to change, no tickets, an unknown change.
            for body in [
                BulkChangeInput(tickets: [first], change: "sideways"),
                BulkChangeInput(tickets: [], change: "note", note: "x"),
                BulkChangeInput(tickets: [first], change: "status"),
                // A field the change does not use is still checked; so are the numbers.
                BulkChangeInput(tickets: [first], change: "note", status: "sideways", note: "x"),
                BulkChangeInput(tickets: [first, 0], change: "note", note: "x"),
            ] {
                let refused = try await desk.request(.POST, "/api/v1/tickets/bulk-changes", as: cast.triage, json: body)
                #expect(refused.status == .unprocessableEntity, "\(refused.body.string)")
            }
            #expect(try await desk.events(first, as: cast.triage).filter { $0.kind == "comment-internal" }.isEmpty, "nothing was noted")
            #expect(try await desk.request(.POST, "/api/v1/tickets/bulk-changes", json: ["tickets": [first]]).status == .unauthorized)
        }
    }
}
