import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Response targets on a moved clock, driven through the API and the automation runner.
@Suite struct ResponseTimeScenarioTests {
    static func at(_ text: String) -> Date { ISO8601.parseInstant(text)! }

    func run(_ desk: TestHelpdesk, asOf text: String) async throws -> Int {
        try await desk.helpdesk.automation.runAutomation(asOf: Self.at(text))
    }

    /// The messages the automated processes wrote (not the notifications of ordinary events).
    func outbox(_ desk: TestHelpdesk) async throws -> [OutboxMessageModel] {
        try await OutboxMessageModel.query(on: desk.db).filter(\.$kind ~~ TestHelpdesk.automaticMailKinds).sort(\.$createdAt).all()
    }

    /// A level-3 product team in Paris with one member, Gina.
    func ggus(_ desk: TestHelpdesk) async throws -> (unit: UUID, gina: TestHelpdesk.Person) {
        let unit = try await desk.unit("GGUS", .thirdLine, level: "level-3")
        return (unit, try await desk.person("gina@example.org", name: "Gina Developer", units: [unit]))
    }

    @Test func topPriorityFiledFridayAfternoonToLevelThreeIsDueMondayAtHalfPastTwelve() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, gina) = try await ggus(desk)
            desk.time.set(Self.at("2026-09-25T16:30:00+02:00"))
            let id = try await desk.fileTicket(as: cast.triage, subject: "Portal down", extra: ["supportUnit": "GGUS", "priority": "top-priority"])

            var ticket = try await desk.ticket(id, as: cast.triage)
            let response = try #require(ticket.response)
            #expect(response.dueAt == Self.at("2026-09-28T12:30:00+02:00"))
            #expect(response.colour == "green" && !response.overdue)
            // A top-priority ticket alerts its unit at once.
            var mail = try await outbox(desk)
            #expect(mail.map(\.kind) == ["high-priority-alert"])
            #expect(mail.first?.recipients == "ggus@example.org")
            #expect(ticket.attention == ["responsible-person", "eta"])

            // Colours by the share of the target: 2 of 4 working hours pass at 10:30 on Monday.
            desk.time.set(Self.at("2026-09-28T10:29:59+02:00"))
            #expect(try await desk.ticket(id, as: cast.triage).response?.colour == "green")
            desk.time.set(Self.at("2026-09-28T10:30:00+02:00"))
            #expect(try await desk.ticket(id, as: cast.triage).response?.colour == "yellow")
            let list = try await desk.request(.GET, "/api/v1/tickets?status=new", as: cast.triage)
            #expect(list.body.string.contains("\"responseColour\":\"yellow\""))

            // The warning at 75% (11:30) goes to the unit only.
            #expect(try await run(desk, asOf: "2026-09-28T11:29:59+02:00") == 0)
            #expect(try await run(desk, asOf: "2026-09-28T11:30:00+02:00") == 1)
            mail = try await outbox(desk)
            #expect(mail.last?.kind == "response-warning" && mail.last?.recipients == "ggus@example.org")
            desk.time.set(Self.at("2026-09-28T11:30:00+02:00"))
            #expect(try await desk.ticket(id, as: cast.triage).response?.colour == "amber")

            // At the target: a reminder to the unit and first line, and a recorded violation.
            #expect(try await run(desk, asOf: "2026-09-28T12:30:00+02:00") == 1)
            mail = try await outbox(desk)
            #expect(mail.last?.kind == "response-overdue")
            #expect(mail.last?.recipients == "ggus@example.org\ntpm@example.org")
            desk.time.set(Self.at("2026-09-28T13:00:00+02:00"))
            ticket = try await desk.ticket(id, as: cast.triage)
            #expect(ticket.response?.colour == "red" && ticket.response?.overdue == true)
            // The unit's warnings and reminders are internal: supporters only.
            let reminders = try await desk.events(id, as: cast.triage).filter { $0.kind == "reminder-sent" }
            #expect(reminders.count == 3 && reminders.allSatisfy { $0.visibility == "internal" })

            var violations = try await desk.request(.GET, "/api/v1/response-violations", as: cast.expert).content.decode([ViolationJSON].self)
            #expect(violations.count == 1)
            #expect(violations.first?.unitName == "GGUS" && violations.first?.priority == "top-priority")
            #expect(violations.first?.serviceLevel == "level-3" && violations.first?.targetSeconds == 14_400)
            #expect(violations.first?.lateSeconds == nil)

            // Gina answers at 14:00: the clock stops, the colour stays red, the violation says how late.
            desk.time.set(Self.at("2026-09-28T14:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: gina, json: ["body": "Looking at it now."])
            ticket = try await desk.ticket(id, as: cast.triage)
            #expect(ticket.response?.respondedAt == Self.at("2026-09-28T14:00:00+02:00"))
            #expect(ticket.response?.colour == "red" && ticket.response?.overdue == false)
            violations = try await desk.request(.GET, "/api/v1/response-violations", as: cast.expert).content.decode([ViolationJSON].self)
            #expect(violations.first?.lateSeconds == 5_400)
            // Submitters do not read violations.
            #expect(try await desk.request(.GET, "/api/v1/response-violations", as: cast.alice).status == .forbidden)
            #expect(try await desk.request(.GET, "/api/v1/response-violations?from=2026-10-01&to=2026-09-01", as: cast.expert).status == .unprocessableEntity)

            // The same on the web page: per unit, and each violation with how late the reaction came.
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            var page = try await expert.get("/response-violations").body.string
            #expect(page.contains("Per unit (1)") && page.contains("GGUS") && page.contains("/tickets/\(id)"))
            #expect(page.contains(">4h<") && page.contains(">1h 30m<"), "target and lateness in working time")
            page = try await expert.get("/response-violations?supportUnit=\(cast.dmsu.uuidString)").body.string
            #expect(page.contains("No target was missed in this period."))
            page = try await expert.get("/response-violations?from=2026-09-29").body.string
            #expect(page.contains("Per unit (0)"))
            page = try await expert.get("/response-violations?from=yesterday").body.string
            #expect(page.contains("is not an ISO 8601 date"))
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(try await alice.get("/response-violations").status == .forbidden)
        }
    }

    @Test func aHolidayMovesTheResponseDeadline() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (unit, _) = try await ggus(desk)
            let admin = Acting.system.asAdministrator
            _ = try await desk.helpdesk.calendars.createCalendar(NewCalendarInput(name: "Paris", timeZone: "Europe/Paris"), by: admin)
            try await desk.helpdesk.calendars.addHolidays([Holiday(LocalDate("2026-09-28")!, name: "Site closed")], toCalendar: "Paris", by: admin)
            try await desk.helpdesk.calendars.setCalendar(ofUnit: unit, to: "Paris", by: admin)
            desk.time.set(Self.at("2026-09-25T16:30:00+02:00"))
            let id = try await desk.fileTicket(as: cast.triage, extra: ["supportUnit": "GGUS", "priority": "top-priority"])
            #expect(try await desk.ticket(id, as: cast.triage).response?.dueAt == Self.at("2026-09-29T12:30:00+02:00"))
        }
    }

    @Test func theFirstReactionIsTheUnitsAndReassignmentStartsANewClock() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice)
            // TPM is level 2: five working days for a less urgent ticket, so the end of Friday.
            #expect(try await desk.ticket(id, as: cast.alice).response?.dueAt == Self.at("2026-09-25T17:00:00+02:00"))

            // The submitter's own comment is no reaction of the unit.
            desk.time.set(Self.at("2026-09-21T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "Any news?"])
            #expect(try await desk.ticket(id, as: cast.alice).response?.respondedAt == nil)

            // First line routes it on: that is TPM's reaction, and DMSU's clock starts.
            desk.time.set(Self.at("2026-09-22T11:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.response?.startedAt == Self.at("2026-09-22T11:00:00+02:00"))
            #expect(ticket.response?.dueAt == Self.at("2026-09-29T11:00:00+02:00"))
            #expect(ticket.response?.respondedAt == nil)

            let clocks = try await ResponseClockModel.query(on: desk.db).sort(\.$startedAt).all()
            #expect(clocks.map(\.unitName) == ["TPM", "DMSU"])
            #expect(clocks[0].respondedAt == Self.at("2026-09-22T11:00:00+02:00") && clocks[0].violatedAt == nil)
            #expect(clocks[1].endedAt == nil)
            // Only DMSU's timers remain: the warning after 30 of 40 working hours, then the target.
            let timers = try await TimerModel.query(on: desk.db).filter(\.$kind ~~ TimerKind.responseTimers).sort(\.$dueAt).all()
            #expect(timers.map(\.dueAt) == [Self.at("2026-09-25T17:00:00+02:00"), Self.at("2026-09-29T11:00:00+02:00")])

            // A priority change keeps the start and takes the new target (very urgent: one working day).
            try await desk.request(.POST, "/api/v1/tickets/\(id)/priority", as: cast.expert,
                                   json: ["priority": "very-urgent", "justification": "The whole site is down."])
            let retargeted = try await desk.ticket(id, as: cast.alice)
            #expect(retargeted.response?.respondedAt == nil)
            #expect(retargeted.response?.dueAt == Self.at("2026-09-23T11:00:00+02:00"))
            #expect(try await outbox(desk).last?.kind == "high-priority-alert")
            #expect(retargeted.attention == ["responsible-person", "eta"])

            // A status change by a member of DMSU is its reaction.
            desk.time.set(Self.at("2026-09-22T15:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.expert, json: ["status": "in-progress"])
            #expect(try await desk.ticket(id, as: cast.alice).response?.respondedAt == Self.at("2026-09-22T15:00:00+02:00"))
            #expect(try await TimerModel.query(on: desk.db).filter(\.$kind ~~ TimerKind.responseTimers).count() == 0)
            #expect(try await run(desk, asOf: "2026-10-30T00:00:00Z") >= 1, "only stale reminders are left")
            #expect(try await ResponseClockModel.query(on: desk.db).filter(\.$violatedAt != nil).count() == 0)
        }
    }

    @Test func aReopenedTicketOwesItsUnitANewReaction() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice)
            desk.time.set(Self.at("2026-09-21T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "solved"])
            #expect(try await desk.ticket(id, as: cast.alice).response?.respondedAt == Self.at("2026-09-21T10:00:00+02:00"))
            desk.time.set(Self.at("2026-09-22T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.alice, json: ["status": "reopened", "note": "Still failing."])
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.response?.startedAt == Self.at("2026-09-22T10:00:00+02:00"))
            #expect(ticket.response?.respondedAt == nil && ticket.response?.colour == "green")
            #expect(try await ResponseClockModel.query(on: desk.db).count() == 2)
        }
    }

    @Test func bestEffortUnitsHaveNoClock() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.unit("OGSA-DAI", .thirdLine, level: ServiceLevelName.bestEffort)
            let id = try await desk.fileTicket(as: cast.triage, extra: ["supportUnit": "OGSA-DAI", "priority": "top-priority"])
            let ticket = try await desk.ticket(id, as: cast.triage)
            #expect(ticket.response == nil)
            #expect(try await ResponseClockModel.query(on: desk.db).count() == 0)
        }
    }

    @Test func waitingAndOnHoldIntervalsAreRecorded() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice)
            desk.time.set(Self.at("2026-09-21T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "waiting-for-reply"])
            desk.time.set(Self.at("2026-09-22T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "Version 2.6"])
            desk.time.set(Self.at("2026-09-22T12:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "on-hold"])
            desk.time.set(Self.at("2026-09-23T12:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "solved"])

            let pauses = try await StatusPauseModel.query(on: desk.db).sort(\.$startedAt).all()
            #expect(pauses.map(\.status) == [.waitingForReply, .onHold])
            #expect(pauses.map(\.endedAt) == [Self.at("2026-09-22T10:00:00+02:00"), Self.at("2026-09-23T12:00:00+02:00")])
            let total = SolutionTime.seconds(
                from: Self.at("2026-09-21T09:00:00+02:00"), to: Self.at("2026-09-23T12:00:00+02:00"),
                excluding: pauses.map { SolutionTime.Pause(start: $0.startedAt, end: $0.endedAt) })
            #expect(total == 3 * 3600, "an hour before waiting and two between the reply and the hold")
        }
    }
}

struct ViolationJSON: Codable {
    var ticket: Int
    var unitName: String
    var priority: String
    var serviceLevel: String
    var targetSeconds: Int
    var dueAt: Date
    var respondedAt: Date?
    var lateSeconds: Int?
}

