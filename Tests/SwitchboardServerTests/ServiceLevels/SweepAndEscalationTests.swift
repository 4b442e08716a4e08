import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

struct AgendaJSON: Codable {
    struct Note: Codable { var note: String; var by: String }
    struct Item: Codable {
        var id: Int
        var priority: String
        var colour: String?
        var ageDays: Int
        var workingDaysSinceReaction: Double
        var flags: [String]
        var lastSweepNote: Note?
    }
    struct Group: Codable { var status: String; var tickets: [Item] }
    var sweepDays: [String]
    var nextSweep: String?
    var groups: [Group]
}

/// The sweep agenda, sweep notes, stale tickets and the submitter's escalation.
@Suite struct SweepAndEscalationTests {
    static func at(_ text: String) -> Date { ISO8601.parseInstant(text)! }

    func agenda(_ desk: TestHelpdesk, _ unit: UUID, as person: TestHelpdesk.Person, asOf: String? = nil) async throws -> AgendaJSON {
        let query = asOf.map { "?asOf=" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? ""
        let response = try await desk.request(.GET, "/api/v1/support-units/\(unit)/sweep\(query)", as: person)
        #expect(response.status == .ok, "\(response.body.string)")
        return try response.content.decode(AgendaJSON.self)
    }

    @Test func theTicketPageHeaderShowsTheSweepFlagsToSupportersOnly() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))  // Monday
            let quiet = try await desk.fileTicket(as: cast.alice, subject: "quiet")
            try await desk.request(.POST, "/api/v1/tickets/\(quiet)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            func header(_ browser: inout WebFlowTests.Browser) async throws -> String {
                let page = try await browser.get("/tickets/\(quiet)").body.string
                return try #require(page.components(separatedBy: "class=\"badges\"").dropFirst().first?.components(separatedBy: "</div>").first)
            }
            #expect(!(try await header(&expert)).contains("badge flag"), "fresh: nothing stands out")
            // Thursday: three working days without a reaction, as on the agenda.
            desk.time.set(Self.at("2026-09-24T09:00:00+02:00"))
            #expect(try await header(&expert).contains(">No reaction</span>"))
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(!(try await header(&alice)).contains("badge flag"), "the submitter sees no sweep flags")
            // A reaction clears it.
            try await desk.request(.POST, "/api/v1/tickets/\(quiet)/comments", as: cast.expert, json: ["body": "Looking at it."])
            #expect(!(try await header(&expert)).contains(">No reaction</span>"))
        }
    }

    @Test func theAgendaGroupsOpenTicketsAndFlagsWhatNeedsTheUnit() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))  // Monday
            let quiet = try await desk.fileTicket(as: cast.alice, subject: "quiet")
            let urgent = try await desk.fileTicket(as: cast.alice, subject: "urgent", extra: ["priority": "very-urgent"])
            let waiting = try await desk.fileTicket(as: cast.bob, subject: "waiting")
            let solved = try await desk.fileTicket(as: cast.bob, subject: "solved")
            for id in [quiet, urgent, waiting, solved] {
                try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            }
            try await desk.request(.POST, "/api/v1/tickets/\(waiting)/status", as: cast.expert, json: ["status": "waiting-for-reply"])
            try await desk.request(.POST, "/api/v1/tickets/\(solved)/status", as: cast.expert, json: ["status": "solved"])

            // Thursday 09:00: three working days since the assignment.
            let thursday = "2026-09-24T09:00:00+02:00"
            var sweep = try await agenda(desk, cast.dmsu, as: cast.expert, asOf: thursday)
            #expect(sweep.sweepDays == ["tuesday", "thursday"])
            #expect(sweep.nextSweep == "2026-09-24")
            #expect(sweep.groups.map(\.status) == ["assigned", "waiting-for-reply"])
            let assigned = sweep.groups[0].tickets
            #expect(assigned.map(\.id) == [urgent, quiet], "most urgent first")
            #expect(assigned[0].flags == ["no-reaction", "response-overdue", "high-priority-without-responsible", "high-priority-without-eta"])
            #expect(assigned[1].flags == ["no-reaction"])
            #expect(assigned[1].workingDaysSinceReaction == 3.0 && assigned[1].ageDays == 3)
            #expect(assigned[0].colour == "red" && assigned[1].colour == "yellow", "24 of 40 working hours")
            #expect(sweep.groups[1].tickets.first?.flags == [])

            // A sweep note is internal, shows on the agenda, and does not count as a reaction.
            desk.time.set(Self.at(thursday))
            let note = try await desk.request(.POST, "/api/v1/tickets/\(quiet)/sweep-notes", as: cast.expert, json: ["note": "Asked CREAM team informally."])
            #expect(note.status == .created)
            sweep = try await agenda(desk, cast.dmsu, as: cast.expert, asOf: thursday)
            #expect(sweep.groups[0].tickets[1].lastSweepNote?.note == "Asked CREAM team informally.")
            #expect(sweep.groups[0].tickets[1].flags == ["no-reaction"])
            #expect(try await desk.events(quiet, as: cast.alice).contains { $0.kind == "sweep-note" } == false)
            #expect(try await desk.events(quiet, as: cast.expert).contains { $0.kind == "sweep-note" && $0.visibility == "internal" })

            // Naming a responsible person and an ETA clears the high-priority flags.
            try await desk.request(.POST, "/api/v1/tickets/\(urgent)/assignment", as: cast.expert, json: ["supportUnit": "DMSU", "assignee": cast.expert.id.uuidString])
            try await desk.request(.PATCH, "/api/v1/tickets/\(urgent)", as: cast.expert, json: ["eta": "2026-10-01T12:00:00Z"])
            sweep = try await agenda(desk, cast.dmsu, as: cast.expert, asOf: thursday)
            #expect(sweep.groups[0].tickets.first { $0.id == urgent }?.flags == ["response-overdue"])
            #expect(try await desk.ticket(urgent, as: cast.alice).attention == [])

            // Ten working days after the reminder to wait, the waiting ticket is flagged too.
            sweep = try await agenda(desk, cast.dmsu, as: cast.expert, asOf: "2026-10-05T09:00:00+02:00")
            #expect(sweep.groups.first { $0.status == "waiting-for-reply" }?.tickets.first?.flags == ["waiting-too-long"])
            #expect(sweep.nextSweep == "2026-10-06")

            // Submitters do not get agendas; notes need a supporter of the ticket.
            #expect(try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/sweep", as: cast.alice).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(quiet)/sweep-notes", as: cast.alice, json: ["note": "hi"]).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(quiet)/sweep-notes", as: cast.expert, json: ["note": "  "]).status == .unprocessableEntity)
        }
    }

    @Test func sweepDaysAreTheUnitsOwnAndSkipHolidays() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let admin = Acting.system.asAdministrator
            let update = try await desk.request(.PUT, "/api/v1/support-units/\(cast.dmsu)", as: cast.admin, json: [
                "name": "DMSU", "tier": "second-line", "mailingList": "dmsu@example.org", "serviceLevel": "level-2",
                "timeZone": "Europe/Paris", "sweepDays": "mon, wednesday"])
            #expect(update.status == .ok, "\(update.body.string)")
            #expect(update.body.string.contains("\"sweepDays\":\"mon,wed\""))
            _ = try await desk.helpdesk.calendars.createCalendar(NewCalendarInput(name: "Paris", timeZone: "Europe/Paris"), by: admin)
            try await desk.helpdesk.calendars.addHolidays([Holiday(LocalDate("2026-09-23")!, name: "Closed")], toCalendar: "Paris", by: admin)
            try await desk.helpdesk.calendars.setCalendar(ofUnit: cast.dmsu, to: "Paris", by: admin)
            let sweep = try await agenda(desk, cast.dmsu, as: cast.expert, asOf: "2026-09-22T12:00:00+02:00")
            #expect(sweep.sweepDays == ["monday", "wednesday"])
            #expect(sweep.nextSweep == "2026-09-28", "Wednesday the 23rd is a holiday")
            let bad = try await desk.request(.PUT, "/api/v1/support-units/\(cast.dmsu)", as: cast.admin, json: [
                "name": "DMSU", "tier": "second-line", "mailingList": "dmsu@example.org", "sweepDays": "someday"])
            #expect(bad.status == .unprocessableEntity && bad.problem?.errors?["sweepDays"] != nil)
            #expect(try await desk.request(.PUT, "/api/v1/support-units/\(cast.dmsu)", as: cast.expert, json: [
                "name": "DMSU", "tier": "second-line", "mailingList": "dmsu@example.org"]).status == .forbidden)
        }
    }

    /// The ticket's unit changes inside the assignment's transaction; the stale reminder planned
    /// there must be timed in the new unit's calendar, not in a cached copy of the old unit's.
    @Test func afterAReassignmentTheStaleReminderIsTimedInTheNewUnitsCalendar() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let admin = Acting.system.asAdministrator
            _ = try await desk.helpdesk.calendars.createCalendar(NewCalendarInput(name: "Lisbon", timeZone: "Europe/Lisbon"), by: admin)
            try await desk.helpdesk.calendars.setCalendar(ofUnit: cast.tpm, to: "Lisbon", by: admin)
            _ = try await desk.helpdesk.calendars.createCalendar(NewCalendarInput(name: "Paris", timeZone: "Europe/Paris"), by: admin)
            try await desk.helpdesk.calendars.addHolidays([Holiday(LocalDate("2026-09-28")!, name: "Closed"), Holiday(LocalDate("2026-09-29")!, name: "Closed")],
                                                toCalendar: "Paris", by: admin)
            try await desk.helpdesk.calendars.setCalendar(ofUnit: cast.dmsu, to: "Paris", by: admin)
            desk.time.set(Self.at("2026-09-21T09:00:00+01:00"))
            let id = try await desk.fileTicket(as: cast.alice)
            desk.time.set(Self.at("2026-09-22T11:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            let timer = try #require(try await TimerModel.query(on: desk.db).filter(\.$ticket.$id == id).filter(\.$kind == .staleReminder).first())
            // Ten Paris working days from Tuesday 11:00, skipping the two holidays: Thursday 8 October, 11:00.
            // (In Lisbon's calendar it would be Tuesday 6 October.)
            #expect(timer.dueAt == Self.at("2026-10-08T11:00:00+02:00"))
        }
    }

    @Test func anUntouchedTicketRemindsItsUnitEveryTenWorkingDays() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            desk.time.set(Self.at("2026-09-22T09:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "Checking.", "visibility": "internal"])
            // Ten working days (80 working hours) after the expert's note: the end of Monday 5 October.
            _ = try await desk.helpdesk.automation.runAutomation(asOf: Self.at("2026-10-05T16:59:59+02:00"))
            #expect(try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "stale-reminder").count() == 0)
            _ = try await desk.helpdesk.automation.runAutomation(asOf: Self.at("2026-10-05T17:00:00+02:00"))
            let reminders = try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "stale-reminder").all()
            #expect(reminders.map(\.recipients) == ["dmsu@example.org"])
            let event = try #require(try await desk.events(id, as: cast.expert).last)
            #expect(event.kind == "reminder-sent" && event.visibility == "internal" && event.actor.id == nil)
            // Again ten working days later, while nobody reacts.
            _ = try await desk.helpdesk.automation.runAutomation(asOf: Self.at("2026-10-19T17:00:00+02:00"))
            #expect(try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "stale-reminder").count() == 2)
            // A pass after a long pause reminds once and counts the next period from the pass.
            _ = try await desk.helpdesk.automation.runAutomation(asOf: Self.at("2027-06-01T00:00:00Z"))
            #expect(try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "stale-reminder").count() == 3)
        }
    }

    @Test func theSubmitterEscalatesAnOverdueTicketInThreeSteps() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.alice, extra: ["priority": "very-urgent"])
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            // DMSU (level 2) owes a very urgent ticket a reaction within one working day.
            desk.time.set(Self.at("2026-09-21T15:00:00+02:00"))
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.alice, json: ["reason": "Production is down"])
            #expect(response.status == .conflict && response.problem?.detail.contains("not overdue") == true)

            desk.time.set(Self.at("2026-09-22T10:00:00+02:00"))
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.triage, json: [String: String]()).status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.alice, json: ["reason": "Production is down"])
            #expect(response.status == .ok, "\(response.body.string)")
            #expect(try response.content.decode(TicketJSON.self).escalationStep == 1)
            var mail = try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "escalation").sort(\.$createdAt).all()
            #expect(mail.map(\.recipients) == ["dmsu@example.org"])

            // Not twice within a working day.
            desk.time.set(Self.at("2026-09-22T16:00:00+02:00"))
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.alice, json: [String: String]())
            #expect(response.status == .conflict)
            desk.time.set(Self.at("2026-09-23T10:00:00+02:00"))
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.alice, json: [String: String]()).status == .ok)
            desk.time.set(Self.at("2026-09-24T10:00:00+02:00"))
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.alice, json: [String: String]()).status == .ok)
            desk.time.set(Self.at("2026-09-25T10:00:00+02:00"))
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/escalations", as: cast.alice, json: [String: String]())
            #expect(response.status == .conflict && response.problem?.detail.contains("3 times") == true)

            mail = try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "escalation").sort(\.$createdAt).all()
            #expect(mail.map(\.recipients) == ["dmsu@example.org", "dmsu@example.org\ntpm@example.org", "dmsu@example.org\ntpm@example.org"])
            let events = try await desk.events(id, as: cast.alice).filter { $0.kind == "escalated" }
            #expect(events.map { $0.changes.first?.after } == ["1", "2", "3"])
            #expect(events.first?.note == "Production is down" && events.first?.visibility == "public")

            // A reassignment gives the new unit a fresh start.
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.expert, json: ["supportUnit": "dCache"])
            #expect(try await desk.ticket(id, as: cast.alice).escalationStep == 0)
        }
    }

    @Test func administratorsKeepTheServiceLevelTable() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var levels = try await desk.request(.GET, "/api/v1/service-levels", as: cast.alice).content.decode([LevelJSON].self)
            #expect(levels.map(\.name) == ["best-effort", "emi-ige-sla", "level-1", "level-2", "level-3"])
            #expect(levels.first { $0.name == "level-3" }?.targets["top-priority"] == "4h")
            #expect(levels.first { $0.name == "best-effort" }?.targets["urgent"] == .some(nil))

            let body: [String: AnyCodable] = ["name": "gold", "description": "24/7 partners",
                                              "targets": .object(["top-priority": "2h", "very-urgent": "1wd 4h"])]
            #expect(try await desk.request(.POST, "/api/v1/service-levels", as: cast.expert, json: body).status == .forbidden)
            let created = try await desk.request(.POST, "/api/v1/service-levels", as: cast.admin, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(try await desk.request(.POST, "/api/v1/service-levels", as: cast.admin, json: body).status == .unprocessableEntity)
            let bad = try await desk.request(.POST, "/api/v1/service-levels", as: cast.admin,
                                             json: ["name": "Bad Name", "targets": AnyCodable.object(["urgent": "2 days", "someday": "1h"])])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.problem?.errors?.keys.map { $0 } ?? []) == ["name", "targets.urgent", "targets"])

            let edited = try await desk.request(.PUT, "/api/v1/service-levels/gold", as: cast.admin,
                                                json: ["description": "Partners", "targets": AnyCodable.object(["top-priority": "1h"])])
            #expect(edited.status == .ok)
            levels = try await desk.request(.GET, "/api/v1/service-levels", as: cast.alice).content.decode([LevelJSON].self)
            #expect(levels.first { $0.name == "gold" }?.targets == ["less-urgent": nil, "urgent": nil, "very-urgent": nil, "top-priority": "1h"])
            #expect(try await desk.request(.PUT, "/api/v1/service-levels/nope", as: cast.admin, json: ["description": "x"]).status == .notFound)

            // Units refer to levels that exist.
            let unit = try await desk.request(.POST, "/api/v1/support-units", as: cast.admin, json: [
                "name": "Gold Team", "tier": "third-line", "mailingList": "gold@example.org", "serviceLevel": "gold"])
            #expect(unit.status == .created)
            let missing = try await desk.request(.POST, "/api/v1/support-units", as: cast.admin, json: [
                "name": "Tin Team", "tier": "third-line", "mailingList": "tin@example.org", "serviceLevel": "tin"])
            #expect(missing.status == .unprocessableEntity && missing.problem?.errors?["serviceLevel"] != nil)
            // A ticket for the new level gets its target.
            desk.time.set(Self.at("2026-09-21T09:00:00+02:00"))
            let id = try await desk.fileTicket(as: cast.triage, extra: ["supportUnit": "Gold Team", "priority": "top-priority"])
            #expect(try await desk.ticket(id, as: cast.triage).response?.dueAt == Self.at("2026-09-21T10:00:00Z"))
        }
    }
}

struct LevelJSON: Codable {
    var name: String
    var description: String
    var targets: [String: String?]
}

/// Just enough of arbitrary JSON for request bodies that mix strings and objects.
enum AnyCodable: Encodable, ExpressibleByStringLiteral {
    case string(String)
    case object([String: String])

    init(stringLiteral value: String) { self = .string(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
