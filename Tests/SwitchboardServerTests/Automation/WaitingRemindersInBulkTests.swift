import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The set-based reminders of an automation pass (issue 16) write what one reminder at a time
/// writes: the same event, the same mail pointing at it, the same public update time; and they
/// drop the reminder of a ticket that moved on, as the one-by-one path does.
@Suite struct WaitingRemindersInBulkTests {
    static let waitingSince = AutomationScenarioTests.paris("2026-09-21T10:00:00+02:00")
    static let due = AutomationScenarioTests.paris("2026-09-28T10:00:00+02:00")

    /// A ticket of Alice's in DMSU waiting for her reply since Monday 21 September 2026, 10:00.
    func waitingTicket(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast, extra: [String: String] = [:]) async throws -> Int {
        desk.time.set(Self.waitingSince.addingTimeInterval(-1800))
        let id = try await desk.fileTicket(as: cast.alice, extra: extra)
        try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
        desk.time.set(Self.waitingSince)
        let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.expert, json: ["status": "waiting-for-reply"])
        #expect(response.status == .ok)
        return id
    }

    /// What a reminder wrote for a ticket, with the ticket's number taken out.
    struct Written: Equatable {
        var event: String
        var mail: String?
        var publicUpdatedAt: Date?
    }

    func written(_ id: Int, on desk: TestHelpdesk) async throws -> Written {
        let events = try await TicketEventModel.query(on: desk.db).filter(\.$ticket.$id == id).filter(\.$kind == .reminderSent).all()
        try #require(events.count == 1, "one reminder event for #\(id)")
        let event = events[0]
        let mails = try await OutboxMessageModel.query(on: desk.db).filter(\.$ticket.$id == id).filter(\.$kind == "waiting-reminder").all()
        #expect(mails.count <= 1)
        let mail = mails.first
        if let mail { #expect(mail.$event.id == event.id, "the mail points at the event") }
        let ticket = try #require(try await TicketModel.find(id, on: desk.db))
        func plain(_ text: String) -> String {
            text.replacingOccurrences(of: "#\(id)", with: "#N").replacingOccurrences(of: "/tickets/\(id)", with: "/tickets/N")
                .replacingOccurrences(of: "ticket-\(id)@", with: "ticket-N@").replacingOccurrences(of: "Ticket: \(id)\"", with: "Ticket: N\"")
        }
        return Written(
            event: plain("\(event.kind) \(event.visibility) \(event.changes) \(event.note ?? "") \(event.rule ?? "") \(event.actorName) \(event.$actor.id as Any) \(event.at)"),
            mail: mail.map { mail in
                // Header values, but the Message-ID (each message's own) and the reply address (bound to the ticket).
                let headers = mail.headers.map { $0.name == "Message-ID" || $0.name == "Reply-To" ? $0.name : "\($0.name): \($0.value)" }
                return plain("\(mail.recipients) | \(mail.subject) | \(mail.body) | \(mail.createdAt) | \(mail.nextAttemptAt as Any) | \(mail.attempts as Any) | \(headers)")
            },
            publicUpdatedAt: ticket.publicUpdatedAt)
    }

    @Test func remindersInBulkWriteWhatOneReminderWrites() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let single = try await waitingTicket(desk, cast)
            let bulk = try await (0..<3).asyncMap { _ in try await waitingTicket(desk, cast) }
            let silent = try await waitingTicket(desk, cast, extra: ["notificationMode": "never"])
            let movedOn = try await waitingTicket(desk, cast)
            try await desk.request(.POST, "/api/v1/tickets/\(movedOn)/status", as: cast.expert, json: ["status": "in-progress"])
            // `in-progress` removed the waiting timers; a stale one stays behind for the test.
            try await TimerModel(ticketID: movedOn, kind: .waitingReminder, sequence: 1, dueAt: Self.due, createdAt: Self.waitingSince)
                .create(on: desk.db)

            // One reminder through the one-by-one path …
            let singleTimer = try #require(try await TimerModel.query(on: desk.db).filter(\.$ticket.$id == single)
                .filter(\.$kind == .waitingReminder).sort(\.$dueAt).first())
            #expect(singleTimer.dueAt == Self.due)
            try await desk.helpdesk.change(by: .system, at: Self.due) { context in
                try await DueTimers.act(on: singleTimer, asOf: Self.due, in: context.at(singleTimer.dueAt))
                try await singleTimer.delete(on: context.database)
            }
            // … the others in one pass, in bulk.
            let handled = try await desk.helpdesk.automation.runAutomation(asOf: Self.due)
            #expect(handled == 5, "three reminders, the silent ticket's, and the dropped one")

            let expected = try await written(single, on: desk)
            #expect(expected.mail != nil)
            #expect(expected.publicUpdatedAt == Self.due)
            for id in bulk {
                #expect(try await written(id, on: desk) == expected, "ticket #\(id)")
            }
            let quiet = try await written(silent, on: desk)
            #expect(quiet.mail == nil, "no mail to a submitter who asked for none")
            #expect(quiet.event == expected.event)
            #expect(try await TicketEventModel.query(on: desk.db).filter(\.$ticket.$id == movedOn).filter(\.$kind == .reminderSent).count() == 0)
            #expect(try await TimerModel.query(on: desk.db).filter(\.$kind == .waitingReminder).filter(\.$dueAt <= Self.due).count() == 0,
                    "every due reminder was taken")
            // The event numbers were taken in order after the highest, and the next event gets its own.
            let next = try await desk.request(.POST, "/api/v1/tickets/\(bulk[0])/comments", as: cast.alice, json: ["body": "Version 9.2."])
            #expect(next.status == .created)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
