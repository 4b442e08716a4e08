import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The waiting-for-submitter and closure processes on a moved clock, driven through the API and
/// the automation runner (`switchboard automation run --as-of` calls the same function).
@Suite struct AutomationScenarioTests {
    static func paris(_ text: String) -> Date { ISO8601.parseInstant(text)! }

    /// A ticket of Alice's in DMSU (Europe/Paris, Monday–Friday 09:00–17:00), made to wait for
    /// her reply on Monday 21 September 2026 at 10:00.
    func waitingTicket(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast) async throws -> Int {
        desk.time.set(Self.paris("2026-09-21T09:30:00+02:00"))
        let id = try await desk.fileTicket(as: cast.alice)
        try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
        desk.time.set(Self.paris("2026-09-21T10:00:00+02:00"))
        let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.expert,
                                              json: ["status": "waiting-for-reply", "note": "Which version do you run?"])
        #expect(response.status == .ok)
        return id
    }

    func run(_ desk: TestHelpdesk, asOf text: String) async throws -> Int {
        try await desk.helpdesk.automation.runAutomation(asOf: Self.paris(text))
    }

    /// The messages the automated processes wrote (not the notifications of ordinary events).
    func outbox(_ desk: TestHelpdesk) async throws -> [OutboxMessageModel] {
        try await OutboxMessageModel.query(on: desk.db).filter(\.$kind ~~ TestHelpdesk.automaticMailKinds).sort(\.$createdAt).all()
    }

    @Test func aSilentSubmitterIsRemindedTwiceThenTheTicketIsUnsolvedAndClosed() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await waitingTicket(desk, cast)

            #expect(try await run(desk, asOf: "2026-09-28T09:59:59+02:00") == 0, "not before five working days")
            #expect(try await run(desk, asOf: "2026-09-28T10:00:00+02:00") == 1)
            let mail = try await outbox(desk)
            #expect(mail.count == 1)
            #expect(mail.first?.recipients == "alice@example.edu")
            #expect(mail.first?.subject == "[Switchboard #\(id)] Your reply is needed: Jobs fail on CREAM CE")
            #expect(mail.first?.body.contains("/tickets/\(id)") == true)
            var events = try await desk.events(id, as: cast.alice)
            let reminder = try #require(events.last)
            #expect(reminder.kind == "reminder-sent" && reminder.actor.id == nil && reminder.actor.name == "Switchboard")
            #expect(reminder.note?.contains("5 working days") == true)

            #expect(try await run(desk, asOf: "2026-10-05T10:00:00+02:00") == 1, "second reminder on working day 10")
            #expect(try await outbox(desk).count == 2)
            #expect(try await desk.ticket(id, as: cast.alice).status == "waiting-for-reply")

            #expect(try await run(desk, asOf: "2026-10-12T10:00:00+02:00") == 1, "unsolved on working day 15")
            #expect(try await desk.ticket(id, as: cast.alice).status == "unsolved")
            events = try await desk.events(id, as: cast.alice)
            let unsolved = try #require(events.last)
            #expect(unsolved.kind == "status-changed" && unsolved.actor.id == nil)
            #expect(unsolved.changes.first?.after == "unsolved")
            #expect(try await desk.request(.GET, "/api/v1/tickets/\(id)/events", as: cast.alice).body.string.contains("\"rule\":\"waiting-for-submitter\""))

            // Ten working days later (across the end of summer time on 25 October) it closes.
            #expect(try await run(desk, asOf: "2026-10-26T09:59:59+01:00") == 0)
            #expect(try await run(desk, asOf: "2026-10-26T10:00:00+01:00") == 1)
            #expect(try await desk.ticket(id, as: cast.alice).status == "closed")
            // Nothing is done twice.
            #expect(try await run(desk, asOf: "2027-06-01T00:00:00Z") == 0)
            #expect(try await desk.events(id, as: cast.alice).filter { $0.kind == "reminder-sent" }.count == 2)
        }
    }

    @Test func onePassLateActsOnEverythingDueIncludingWhatItPlans() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await waitingTicket(desk, cast)
            // Two reminders, unsolved, and the closure that unsolved plans: all due by then.
            #expect(try await run(desk, asOf: "2027-01-01T00:00:00Z") == 4)
            #expect(try await desk.ticket(id, as: cast.alice).status == "closed")
            let statuses = try await desk.events(id, as: cast.alice).filter { $0.kind == "status-changed" }.compactMap { $0.changes.first?.after }
            #expect(statuses.suffix(2) == ["unsolved", "closed"])
        }
    }

    @Test func aReplyOnDayTwelveStopsTheProcess() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await waitingTicket(desk, cast)
            #expect(try await run(desk, asOf: "2026-10-06T12:00:00+02:00") == 2)
            desk.time.set(Self.paris("2026-10-07T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "dCache 2.6.1"])
            #expect(try await desk.ticket(id, as: cast.alice).status == "in-progress")
            // The submitter's process is over; what remains is the unit's: nobody reacts to her
            // reply, so DMSU is reminded every ten working days, and Alice hears nothing more.
            #expect(try await run(desk, asOf: "2026-10-21T09:59:59+02:00") == 0)
            #expect(try await run(desk, asOf: "2026-10-21T10:00:00+02:00") == 1)
            let mail = try await outbox(desk)
            #expect(mail.filter { $0.recipients == "alice@example.edu" }.count == 2)
            #expect(mail.last?.kind == "stale-reminder" && mail.last?.recipients == "dmsu@example.org")
            #expect(try await desk.ticket(id, as: cast.alice).status == "in-progress")
            let timers = try await TimerModel.query(on: desk.db).all()
            #expect(timers.map(\.kind) == [.staleReminder])
        }
    }

    @Test func aHolidayMovesEveryDeadline() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.helpdesk.calendars.createCalendar(NewCalendarInput(name: "Paris", timeZone: "Europe/Paris"), by: Acting.system.asAdministrator)
            try await desk.helpdesk.calendars.addHolidays([Holiday(LocalDate("2026-09-24")!, name: "Site closed")], toCalendar: "Paris", by: Acting.system.asAdministrator)
            try await desk.helpdesk.calendars.setCalendar(ofUnit: cast.dmsu, to: "Paris", by: Acting.system.asAdministrator)
            _ = try await waitingTicket(desk, cast)
            #expect(try await run(desk, asOf: "2026-09-28T10:00:00+02:00") == 0, "the holiday pushes the first reminder a day later")
            #expect(try await run(desk, asOf: "2026-09-29T10:00:00+02:00") == 1)
            let timers = try await TimerModel.query(on: desk.db).sort(\.$dueAt).all()
            #expect(timers.map(\.dueAt) == [Self.paris("2026-10-06T10:00:00+02:00"), Self.paris("2026-10-13T10:00:00+02:00")])
        }
    }

    @Test func solvedTicketsCloseUnlessVerifiedOrReopened() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.set(Self.paris("2026-09-21T10:00:00+02:00"))
            let closing = try await desk.fileTicket(as: cast.alice, subject: "closes")
            let verified = try await desk.fileTicket(as: cast.alice, subject: "verified")
            let reopened = try await desk.fileTicket(as: cast.alice, subject: "reopened")
            for id in [closing, verified, reopened] {
                try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "solved"])
            }
            desk.time.set(Self.paris("2026-09-23T10:00:00+02:00"))
            try await desk.request(.POST, "/api/v1/tickets/\(verified)/status", as: cast.alice, json: ["status": "verified"])
            try await desk.request(.POST, "/api/v1/tickets/\(reopened)/status", as: cast.alice, json: ["status": "reopened"])
            // By then the reopened ticket's new response clock has run out (TPM's warning and reminder).
            #expect(try await run(desk, asOf: "2026-10-05T09:59:00+02:00") == 2)
            #expect(try await desk.ticket(closing, as: cast.alice).status == "solved")
            #expect(try await run(desk, asOf: "2026-10-05T10:00:00+02:00") == 1)
            #expect(try await desk.ticket(closing, as: cast.alice).status == "closed")
            #expect(try await desk.ticket(verified, as: cast.alice).status == "verified")
            #expect(try await desk.ticket(reopened, as: cast.alice).status == "reopened")
            // The submitter may reopen a closed ticket, and the clock starts again when it is solved again.
            try await desk.request(.POST, "/api/v1/tickets/\(closing)/status", as: cast.alice, json: ["status": "reopened"])
            #expect(try await desk.ticket(closing, as: cast.alice).status == "reopened")
        }
    }

    @Test func twoRunnersNeverActOnTheSameTimerTwice() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var ids: [Int] = []
            for _ in 0..<12 { ids.append(try await waitingTicket(desk, cast)) }
            let helpdesk = desk.helpdesk
            let asOf = Self.paris("2026-10-06T12:00:00+02:00")
            async let first = helpdesk.automation.runAutomation(asOf: asOf, batchSize: 5)
            async let second = helpdesk.automation.runAutomation(asOf: asOf, batchSize: 5)
            let total = try await first + second
            #expect(total == 24, "two reminders for each of 12 tickets")
            #expect(try await TicketEventModel.query(on: desk.db).filter(\.$kind == .reminderSent).count() == 24)
            #expect(try await OutboxMessageModel.query(on: desk.db).filter(\.$kind == "waiting-reminder").count() == 24)
        }
    }
}
