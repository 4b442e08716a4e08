import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard benchmark-automation --tickets 1000000 --due 1000`: fills a demo database up to
/// the given number of tickets, makes `due` of them wait for their submitter with a reminder
/// due now (and ten times as many timers due later), then times one automation pass. The pass
/// should cost the same whatever the number of tickets. A first pass over as many reminders
/// warms the process (as in `serve`, where a pass runs every minute) and is shown apart. Not for
/// production databases.
struct BenchmarkAutomationCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "tickets", help: "Tickets in the database (default 1000000).")
        var tickets: Int?
        @Option(name: "due", help: "Timers due at the pass (default 1000).")
        var due: Int?
        @Flag(name: "plan-only", help: "Fill the database and plan the timers, but leave the pass to a running server.")
        var planOnly: Bool
        init() {}
    }

    var help: String { "Times one automation pass over many tickets with some timers due (not for production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let target = signature.tickets ?? 1_000_000
        let due = signature.due ?? 1_000
        let helpdesk = app.helpdesk
        guard let sql = helpdesk.database as? any SQLDatabase,
              let template = try await TicketModel.query(on: helpdesk.database).sort(\.$id).first() else {
            throw BenchmarkData.Invalid(description: "Load the demo first (switchboard demo).")
        }
        var started = Date()
        let existing = try await TicketModel.query(on: helpdesk.database).count()
        if existing < target {
            try await BenchmarkAutomation.copyTicket(try template.requireID(), times: target - existing, on: sql)
            try await sql.raw("ANALYZE").run()
        }
        let total = try await TicketModel.query(on: helpdesk.database).count()
        context.console.say("Tickets: \(String(total)) (filled in \(String(format: "%.1f", Date().timeIntervalSince(started))) s).")

        let now = helpdesk.clock.now()
        if !signature.planOnly {
            // A first pass warms the process (as serve's passes are warm), and is shown too.
            // A minute earlier, so that the measured pass's reminders are at another instant.
            try await BenchmarkAutomation.planTimers(due: due, later: 0, at: now.addingTimeInterval(-60), on: helpdesk)
            let warmUp = Date()
            let handled = try await helpdesk.automation.runAutomation(asOf: now)
            context.console.say(String(format: "First pass of the process: %d due in %.0f ms.", handled, Date().timeIntervalSince(warmUp) * 1000))
        }
        try await BenchmarkAutomation.planTimers(due: due, later: due * 10, at: now, on: helpdesk)
        let timers = try await TimerModel.query(on: helpdesk.database).count()
        if signature.planOnly {
            context.console.say("Planned \(String(due)) due timers; \(String(timers)) timers in all.")
            return
        }
        started = Date()
        let handled = try await helpdesk.automation.runAutomation(asOf: now)
        let seconds = Date().timeIntervalSince(started)
        context.console.say(String(
            format: "Automation pass: %d due of %d timers over %d tickets in %.0f ms (%.2f ms per due action).",
            handled, timers, total, seconds * 1000, handled > 0 ? seconds * 1000 / Double(handled) : 0))
    }
}

enum BenchmarkAutomation {
    /// Inserts `times` closed copies of a ticket in one statement per 100,000 rows.
    static func copyTicket(_ id: Int, times: Int, on sql: any SQLDatabase) async throws {
        var left = times
        while left > 0 {
            let size = min(left, 100_000)
            try await sql.raw("""
                WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < \(unsafeRaw: String(size)))
                INSERT INTO tickets (subject, description, type, category, priority, priority_rank, status, cc,
                                     notification_mode, support_unit_id, submitter_id, created_at, updated_at)
                SELECT t.subject, 'Generated for benchmarks.', t.type, t.category, t.priority, t.priority_rank, 'closed', t.cc,
                       t.notification_mode, t.support_unit_id, t.submitter_id, t.created_at, t.updated_at
                FROM counter, (SELECT * FROM tickets WHERE id = \(bind: id)) AS t
                """).run()
            left -= size
        }
    }

    /// Makes the newest `due` tickets wait for their submitter with a reminder due at `now`, and
    /// `later` further tickets with one due in a month.
    static func planTimers(due: Int, later: Int, at now: Date, on helpdesk: Helpdesk) async throws {
        let ids = try await TicketModel.query(on: helpdesk.database).sort(\.$id, .descending).limit(due + later).all(\.$id)
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            try await TicketModel.query(on: database).filter(\.$id ~~ ids).set(\.$status, to: .waitingForReply).update()
            var timers: [TimerModel] = []
            for (index, id) in ids.enumerated() {
                let dueAt = index < due ? now.addingTimeInterval(-60) : now.addingTimeInterval(30 * 86_400)
                timers.append(TimerModel(ticketID: id, kind: .waitingReminder, sequence: 1, dueAt: dueAt, createdAt: now))
                if timers.count == 500 {
                    try await timers.create(on: database)
                    timers.removeAll()
                }
            }
            if !timers.isEmpty { try await timers.create(on: database) }
        }
    }
}
