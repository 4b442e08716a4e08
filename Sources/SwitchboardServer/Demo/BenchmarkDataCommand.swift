import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard benchmark-data --tickets N [--comments C]`: fills a database that already holds
/// the demo with N more tickets (one `created` event each) and C comments on each (with their
/// events; the words drawn from a helpdesk vocabulary, every fourth comment internal), in large
/// batches, for measuring pages and queries at size. Not for production databases.
struct BenchmarkDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "tickets", help: "How many tickets to add (default 100000).")
        var tickets: Int?
        @Option(name: "comments", help: "Comments per added ticket, every fourth internal (default 0).")
        var comments: Int?

        init() {}
    }

    var help: String { "Adds many generated tickets to a demo database, for benchmarks (not for production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let count = signature.tickets ?? 100_000
        let comments = signature.comments ?? 0
        guard count >= 0, (0...20).contains(comments) else {
            throw BenchmarkData.Invalid(description: "--tickets must not be negative and --comments must be 0 to 20.")
        }
        let started = Date()
        try await BenchmarkData.addTickets(count, commentsEach: comments, to: app.helpdesk)
        context.console.say("Added \(String(count)) tickets with \(String(count * comments)) comments in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }
}

enum BenchmarkData {
    struct Invalid: Error, CustomStringConvertible { var description: String }

    static func addTickets(_ count: Int, commentsEach: Int = 0, to helpdesk: Helpdesk) async throws {
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
                guard commentsEach > 0 else { return try await tickets.create(on: database) }
                let sql = database as! any SQLDatabase
                struct Filed: Decodable {
                    var id: Int
                    var createdAt: Date
                    enum CodingKeys: String, CodingKey { case id, createdAt = "created_at" }
                }
                // A batch insert leaves the models without their numbers: read them back.
                let before = try await TicketModel.query(on: database).max(\.$id) ?? 0
                try await tickets.create(on: database)
                let filed = try await sql.select().column("id").column("created_at").from(TicketModel.schema)
                    .where("id", .greaterThan, before).orderBy("id").all(decoding: Filed.self)
                var rows: [[BulkValue]] = []
                for ticket in filed {
                    for number in 0..<commentsEach {
                        rows.append([.uuid(UUID()), .integer(ticket.id), .uuid(try people[(ticket.id + number) % people.count].requireID()),
                                     .text(commentBody(ticket: ticket.id, number: number)), .text(number % 4 == 3 ? "internal" : "public"),
                                     .date(ticket.createdAt.addingTimeInterval(Double(number + 1) * 3_600))])
                    }
                }
                try await BulkInsert.run(into: CommentModel.schema, columns: ["id", "ticket_id", "author_id", "body", "visibility", "created_at"],
                                         rows: rows, on: sql)
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
        if commentsEach > 0 {
            // Each generated comment's event, after its ticket's `created` (a history is in event order).
            try await sql.raw("""
                INSERT INTO ticket_events (ticket_id, kind, visibility, actor_id, actor_name, at, changes, comment_id)
                SELECT c.ticket_id, CASE c.visibility WHEN 'internal' THEN 'comment-internal' ELSE 'comment-public' END, c.visibility,
                       c.author_id, 'benchmark', c.created_at, '[]', c.id
                FROM comments c JOIN tickets t ON t.id = c.ticket_id
                WHERE t.description = 'Generated for benchmarks.'
                  AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.comment_id = c.id)
                """).run()
        }
        if DatabaseSetup.isSQLite(database) { try await sql.raw("ANALYZE").run() }
    }

    /// Two to four sentences a supporter or submitter might write, chosen by the ticket and
    /// the comment's number from a few hundred helpdesk words, so that some words are common
    /// and most are rare.
    static func commentBody(ticket: Int, number: Int) -> String {
        var generator = SplitMix(seed: UInt64(ticket) &* 31 &+ UInt64(number))
        let sentences = 2 + Int(generator.next() % 3)
        return (0..<sentences).map { _ in
            let opening = openings[Int(generator.next() % UInt64(openings.count))]
            let thing = things[Int(generator.next() % UInt64(things.count))]
            let detail = details[Int(generator.next() % UInt64(details.count))]
            return "\(opening) \(thing) \(detail)."
        }.joined(separator: " ")
    }

    private static let openings = [
        "We see that the", "Please check whether the", "After the restart the", "Since the upgrade the", "It looks like the",
        "The site admin reports that the", "Our monitoring shows the", "As discussed, the", "I could reproduce that the",
        "Thanks, the", "Unfortunately the", "The developers confirm that the", "Could you confirm that the", "Today the",
    ]
    private static let things = [
        "dCache pool", "storage element", "CREAM CE", "ARC CE", "HTCondor schedd", "VOMS server", "proxy certificate",
        "host certificate", "CRL update", "FTS transfer", "SRM endpoint", "XRootD door", "BDII", "top BDII", "site BDII",
        "accounting record", "APEL client", "batch queue", "worker node", "CVMFS repository", "Squid cache", "Frontier server",
        "gridftp server", "WebDAV endpoint", "token issuer", "IAM instance", "Rucio rule", "pilot factory", "glexec wrapper",
        "ARGO probe", "GOCDB entry", "downtime", "firewall rule", "IPv6 route", "DNS alias", "load balancer", "tape buffer",
        "Ceph cluster", "EOS namespace", "Kubernetes node", "OpenStack quota", "cloud image", "VM flavour", "S3 bucket",
    ]
    private static let details = [
        "fails with a timeout", "answers with an authentication error", "is back to normal", "loses connections under load",
        "rejects the new proxy", "reports an expired certificate", "fills up within hours", "returns stale information",
        "needs a configuration change", "was restarted at noon", "shows errors in the log", "is waiting for the vendor fix",
        "has been moved to the new hardware", "runs the old release", "is missing from the information system",
        "drops transfers above two gigabytes", "works again after the patch", "cannot resolve the host name",
        "is overloaded by one user", "is scheduled for maintenance next week", "behaves as expected now",
        "times out for jobs of one VO", "returns HTTP 500 for large files", "was misconfigured by the update",
    ]

    /// A small, fast, seeded generator (the comments are the same on every run).
    private struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
