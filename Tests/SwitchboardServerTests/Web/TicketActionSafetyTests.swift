import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// No select on the ticket page acts on a value chosen for the user: status, unit and
/// responsible person start on "Choose…", and the server refuses the empty choice.
@Suite struct TicketActionSafetyTests {
    typealias Browser = WebFlowTests.Browser

    @Test func theActionSelectsStartOnChooseAndTheEmptyChoiceIsRefused() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let page = try await triage.get("/tickets/\(id)").body.string
            for name in ["status", "supportUnit\"", "assignee"] {
                let select = try #require(page.components(separatedBy: "name=\"\(name)").dropFirst().first)
                let firstOption = try #require(select.components(separatedBy: "<option").dropFirst().first)
                // An empty value (written as a bare `value` attribute) labelled "Choose…".
                #expect((firstOption.hasPrefix(" value>") || firstOption.hasPrefix(" value=\"\">")) && firstOption.contains(">Choose…</option>"),
                        "\(name): \(firstOption.prefix(60))")
            }
            let token = Browser.csrf(in: page)!
            let status = try await triage.post("/tickets/\(id)/status", form: ["_csrf": token, "status": "", "note": ""])
            #expect(status.status == .unprocessableEntity && status.body.string.contains("Choose a status."))
            let assign = try await triage.post("/tickets/\(id)/assign", form: ["_csrf": token, "supportUnit": "", "note": "", "noteVisibility": "public"])
            #expect(assign.status == .unprocessableEntity && assign.body.string.contains("Choose a unit."))
            let ticket = try await desk.ticket(id, as: cast.triage)
            #expect(ticket.status == "new" && ticket.supportUnit.name == "TPM", "nothing changed")
        }
    }

    /// The ticket page is built for action: the frequent actions in a bar above the history,
    /// the rest in the side panel, all closed until opened; the reply box under the history.
    /// A refused form comes back open, its message at its field and what was typed kept.
    @Test func aRefusedActionComesBackOpenWithItsMessageAtTheFieldAndTheTextKept() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let page = try await triage.get("/tickets/\(id)").body.string
            let bar = try #require(page.components(separatedBy: "<nav class=\"action-bar\"").dropFirst().first?.components(separatedBy: "</nav>").first)
            for action in ["note", "status", "assign"] { #expect(bar.contains("<details class=\"action\" id=\"action-\(action)\">"), "\(action) closed in the bar") }
            let side = try #require(page.components(separatedBy: "id=\"more-actions\"").dropFirst().first)
            for action in ["priority", "link", "attach", "details"] { #expect(side.contains("id=\"action-\(action)\">"), "\(action) closed in the side panel") }
            #expect(page.components(separatedBy: "id=\"timeline\"")[1].contains("id=\"action-reply\""), "the reply box follows the history")
            #expect(!page.contains(" open>") && !page.contains(" open "), "nothing is open on a fresh page")
            let ids = page.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(Set(ids).count == ids.count, "every id once: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")

            let token = Browser.csrf(in: page)!
            let refused = try await triage.post("/tickets/\(id)/status", form: ["_csrf": token, "status": "", "note": "Typed before the refusal"])
            #expect(refused.status == .unprocessableEntity)
            let again = refused.body.string
            let status = try #require(again.components(separatedBy: "id=\"action-status\"").dropFirst().first?.components(separatedBy: "</details>").first)
            #expect(status.hasPrefix(" open>"), "the refused form is open")
            #expect(status.contains("id=\"status-status-error\"") && status.contains("Choose a status."), "the message is at the field")
            #expect(status.contains("aria-describedby=\"status-status-error\""))
            #expect(status.contains(">Typed before the refusal</textarea>"), "what was typed is kept")
            #expect(again.contains("<details class=\"action\" id=\"action-assign\">"), "the other actions stay closed")
            let priority = try await triage.post("/tickets/\(id)/priority", form: ["_csrf": token, "priority": "top-priority", "justification": ""])
            let side2 = try #require(priority.body.string.components(separatedBy: "id=\"action-priority\"").dropFirst().first?.components(separatedBy: "</details>").first)
            #expect(priority.status == .unprocessableEntity && side2.hasPrefix(" open>") && side2.contains("priority-justification-error"), "\(side2.prefix(400))")
            #expect(side2.contains("value=\"top-priority\" selected"), "the chosen priority is kept")
            let ticket = try await desk.ticket(id, as: cast.triage)
            #expect(ticket.status == "new" && ticket.priority != "top-priority", "nothing changed")
        }
    }
}
