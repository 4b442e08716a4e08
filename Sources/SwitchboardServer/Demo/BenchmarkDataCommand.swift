import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard benchmark-data --tickets N`: fills a database that already holds the demo with
/// N more tickets (and one `created` event each), in large batches, for measuring pages and
/// queries at size. Not for production databases.
struct BenchmarkDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "tickets", help: "How many tickets to add (default 100000).")
        var tickets: Int?

        init() {}
    }

    var help: String { "Adds many generated tickets to a demo database, for benchmarks (not for production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let count = signature.tickets ?? 100_000
        let started = Date()
        try await BenchmarkData.addTickets(count, to: app.helpdesk)
        context.console.say("Added \(String(count)) tickets in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }
}

enum BenchmarkData {
    struct Invalid: Error, CustomStringConvertible { var description: String }

    static func addTickets(_ count: Int, to helpdesk: Helpdesk) async throws {
        let database = helpdesk.database
        let units = try await SupportUnitModel.query(on: database).all()
        let people = try await UserModel.query(on: database).all()
        guard !units.isEmpty, !people.isEmpty, let sql = database as? any SQLDatabase else {
            throw Invalid(description: "Load the demo first (switchboard demo).")
        }
        let subjects = DemoCatalogue.tickets.map(\.subject)
        // As in a helpdesk that has run for years: a few percent of the tickets are open.
        let statuses: [TicketStatus] = [.new, .assigned, .inProgress, .waitingForReply, .onHold, .reopened]
            + Array(repeating: .closed, count: 140) + Array(repeating: .verified, count: 30) + Array(repeating: .solved, count: 16)
            + Array(repeating: .unsolved, count: 8)
        // A helpdesk's past: the tickets spread over up to five years before now, ten minutes
        // apart where they fit, never after now.
        let now = helpdesk.clock.now()
        let spacing = max(1, min(600, 5 * 365 * 86_400 / max(count, 1)))
        let batch = 500
        var made = 0
        while made < count {
            let size = min(batch, count - made)
            let first = made
            try await helpdesk.change(by: .system) { context in
                let database = context.database
                var tickets: [TicketModel] = []
                for index in first..<(first + size) {
                    let ticket = TicketModel()
                    ticket.subject = "\(subjects[index % subjects.count]) (\(index))"
                    ticket.description = "Generated for benchmarks."
                    ticket.type = .user
                    ticket.category = .incident
                    ticket.setPriority(TicketPriority.allCases[index % 4])
                    ticket.status = statuses[(index * 7) % statuses.count]
                    ticket.cc = []
                    ticket.notificationMode = .everyChange
                    ticket.$supportUnit.id = try units[index % units.count].requireID()
                    ticket.$submitter.id = try people[index % people.count].requireID()
                    let created = now.addingTimeInterval(-Double((count - index) * spacing))
                    ticket.createdAt = created
                    ticket.updatedAt = created
                    tickets.append(ticket)
                }
                try await tickets.create(on: database)
            }
            made += size
        }
        // One `created` event per generated ticket, straight in SQL.
        try await sql.raw("""
            INSERT INTO ticket_events (ticket_id, kind, visibility, actor_id, actor_name, at, changes)
            SELECT id, 'created', 'public', submitter_id, 'benchmark', created_at, '[]' FROM tickets
            WHERE description = 'Generated for benchmarks.'
              AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = tickets.id)
            """).run()
        if DatabaseSetup.isSQLite(database) { try await sql.raw("ANALYZE").run() }
    }
}
