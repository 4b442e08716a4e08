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
}
