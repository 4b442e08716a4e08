import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The pages of issue 4 through the real routes: colours and deadlines, the escalation button,
/// the sweep agenda with its notes, the service-level table and the calendars.
@Suite struct ServiceLevelWebTests {
    typealias Browser = WebFlowTests.Browser
    static func at(_ text: String) -> Date { ISO8601.parseInstant(text)! }

    @Test func ticketPageAndListsShowTheResponseColourAndTheSubmitterCanEscalate() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice, subject: "Storage element full", extra: ["priority": "very-urgent"])
            var alice = Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            var page = try await alice.get("/tickets/\(id)").body.string
            #expect(page.contains("response-green"))
            #expect(page.contains("Response due"))
            #expect(!page.contains("action-escalate\"><h3>Escalate</h3><form"), "not overdue yet: no button")
            #expect(page.contains("is not overdue"))

            // TPM (level 2) owes a very urgent ticket a reaction within one working day.
            desk.time.set(Self.at("2026-09-22T10:00:00+02:00"))
            var triage = Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let dashboard = try await triage.get("/tickets").body.string
            #expect(dashboard.contains("response-red") && dashboard.contains("Overdue"))

            page = try await alice.get("/tickets/\(id)").body.string
            #expect(page.contains("Escalate (step 1 of 3)"))
            let response = try await alice.post("/tickets/\(id)/escalate", form: ["_csrf": Browser.csrf(in: page)!, "note": "The site is <down>"])
            #expect(response.status == .seeOther)
            page = try await alice.get("/tickets/\(id)").body.string
            #expect(page.contains("escalated the ticket (step 1 of 3) to TPM"))
            #expect(page.contains("The site is &lt;down&gt;"))
            #expect(page.contains("step 1 of 3"))

            // First line names a responsible person; the ETA form clears the last requirement.
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.expert, json: ["supportUnit": "DMSU", "assignee": cast.expert.id.uuidString])
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            page = try await expert.get("/tickets/\(id)").body.string
            #expect(page.contains("needs an ETA"))
            let bad = try await expert.post("/tickets/\(id)/eta", form: ["_csrf": Browser.csrf(in: page)!, "eta": "soon"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("not an ISO 8601 date"))
            #expect(try await expert.post("/tickets/\(id)/eta", form: ["_csrf": Browser.csrf(in: page)!, "eta": "2026-10-01"]).status == .seeOther)
            page = try await expert.get("/tickets/\(id)").body.string
            #expect(!page.contains("id=\"attention\""))
            #expect(page.contains("1 Oct 2026"))
            // Submitters set no ETA.
            #expect(!(try await alice.get("/tickets/\(id)").body.string.contains("action-eta")))
        }
    }

    @Test func theSweepPageListsTheUnitsTicketsAndTakesNotes() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice, subject: "VOMS <proxy> expired")
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            desk.time.set(Self.at("2026-09-24T10:00:00+02:00"))
            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let unitPage = try await expert.get("/units/\(cast.dmsu)").body.string
            #expect(unitPage.contains("/units/\(cast.dmsu)/sweep") && unitPage.contains("Tuesday, Thursday"))
            var page = try await expert.get("/units/\(cast.dmsu)/sweep").body.string
            #expect(page.contains("Next sweep: Thursday 24 September 2026"))
            #expect(page.contains("VOMS &lt;proxy&gt; expired"))
            #expect(page.contains("No reaction"))
            let response = try await expert.post("/units/\(cast.dmsu)/sweep/notes", form: ["_csrf": Browser.csrf(in: page)!, "ticket": String(id), "note": "Waiting for VOMS admins"])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/units/\(cast.dmsu)/sweep#ticket-\(id)")
            page = try await expert.get("/units/\(cast.dmsu)/sweep").body.string
            #expect(page.contains("Waiting for VOMS admins"))
            // An empty note is refused on the page, not with a crash.
            let empty = try await expert.post("/units/\(cast.dmsu)/sweep/notes", form: ["_csrf": Browser.csrf(in: page)!, "ticket": String(id), "note": " "])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("notice error"))

            var alice = Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(try await alice.get("/units/\(cast.dmsu)/sweep").status == .forbidden)
            #expect(!(try await alice.get("/tickets/\(id)").body.string.contains("Waiting for VOMS admins")), "sweep notes are internal")
        }
    }

    @Test func administratorsEditServiceLevelsAndCalendarsOnTheirPages() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var admin = Browser(desk: desk)
            try await admin.signIn(cast.admin.email)
            var page = try await admin.get("/service-levels").body.string
            #expect(page.contains("level-3") && page.contains("4h") && page.contains("Add a level"))
            var response = try await admin.post("/service-levels", form: ["_csrf": Browser.csrf(in: page)!, "name": "gold", "description": "Partners",
                                                                          "top-priority": "2h", "very-urgent": "nonsense"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("is not a working duration"))
            response = try await admin.post("/service-levels", form: ["_csrf": Browser.csrf(in: page)!, "name": "gold", "top-priority": "2h"])
            #expect(response.status == .created)
            page = try await admin.get("/admin/service-levels/gold/edit").body.string
            response = try await admin.post("/admin/service-levels/gold/edit", form: ["_csrf": Browser.csrf(in: page)!, "description": "Gold", "urgent": "1wd"])
            #expect(response.status == .seeOther)
            #expect(try await desk.helpdesk.serviceLevels.all().first { $0.name == "gold" }?.level.target(for: .urgent) == .workingDays(1))

            page = try await admin.get("/admin/calendars").body.string
            response = try await admin.post("/admin/calendars", form: ["_csrf": Browser.csrf(in: page)!, "name": "Paris", "timeZone": "Europe/Paris", "hours": "mon-fri 09:00-17:00"])
            #expect(response.status == .seeOther)
            let calendarPath = try #require(response.headers.first(name: .location))
            page = try await admin.get(calendarPath).body.string
            response = try await admin.post(calendarPath + "/holidays", form: ["_csrf": Browser.csrf(in: page)!, "holidays": "2026-12-25 Christmas Day\n2026-12-28..2026-12-31 Closure"])
            #expect(response.status == .ok && response.body.string.contains("Added 2 holidays") && response.body.string.contains("Closure"))
            response = try await admin.post(calendarPath + "/holidays", form: ["_csrf": Browser.csrf(in: page)!, "holidays": "Christmas"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("does not start with a date"))

            var expert = Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            #expect(try await expert.get("/admin/calendars").status == .forbidden)
            #expect(!(try await expert.get("/service-levels").body.string.contains("Add a level")))
        }
    }
}
