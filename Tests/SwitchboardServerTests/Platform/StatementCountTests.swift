import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// How many queries each hot operation sends (issue 16): the count is what a change costs on top
/// of the database's own work, so it must not creep up. Counted from the queries FluentKit logs
/// (each one, at debug level, with its action and table) through a database handle with a logger
/// of its own. Raw SQL (the report projection's upserts, bulk inserts, BEGIN and COMMIT) runs on
/// the pooled connection's logger and is not counted here, nor is the catalogue version's read
/// (one per change: `CatalogCache`).
@Suite struct StatementCountTests {
    /// Collects the queries logged through it as "action table".
    final class StatementLog: LogHandler, @unchecked Sendable {
        let statements = NIOLockedValueBox<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            // FluentKit logs each query it runs as "Running query" with its action and table.
            guard event.message.description == "Running query", let action = event.metadata?["action"], let table = event.metadata?["schema"] else { return }
            statements.withLockedValue { $0.append("\(action) \(table)") }
        }

        func take() -> [String] { statements.withLockedValue { all in defer { all = [] }; return all } }
    }

    /// The helpdesk on a database handle whose statements `log` counts.
    static func counted(_ desk: TestHelpdesk, _ log: StatementLog) throws -> Helpdesk {
        let app = desk.app
        let logger = Logger(label: "statements", factory: { _ in log })
        let database = try #require(app.databases.database(logger: logger, on: app.eventLoopGroup.any()))
        let plain = app.helpdesk
        return Helpdesk(database: database, clock: plain.clock, configuration: plain.configuration, writeGate: plain.writeGate,
                        passwordHashing: plain.passwordHashing, passwordAttempts: plain.passwordAttempts, identityProviders: plain.identityProviders, catalogCache: plain.catalogCache)
    }

    /// The counts of 2026-12-01, as upper bounds (the same on both databases): lower them as the
    /// write path gets leaner, never raise them.
    static let bounds = ["create": 6, "comment": 17, "status": 15, "assign": 27]

    /// Every API request is authenticated first: its token with its owner, then the owner's
    /// memberships with their units, one query each.
    @Test func authenticatingARequestTakesTwoQueries() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let log = StatementLog()
            let helpdesk = try Self.counted(desk, log)
            let user = try #require(try await helpdesk.accounts.user(forToken: cast.triage.token))
            let principal = try await helpdesk.accounts.principal(for: user)
            let statements = log.take()
            #expect(statements.count == 2, "\(statements)")
            #expect(user.email == cast.triage.email)
            #expect(principal.memberships.map(\.unitID) == [cast.tpm])
            #expect(principal.memberships.first?.tier == .firstLine)
            // A revoked or unknown token finds nobody.
            #expect(try await helpdesk.accounts.user(forToken: "sb_unknown") == nil)
        }
    }

    @Test func hotOperationsStayWithinTheirStatementBudget() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let log = StatementLog()
            let helpdesk = try Self.counted(desk, log)
            // As the API acts for them: with the account their sign-in read.
            func signedIn(_ person: TestHelpdesk.Person) async throws -> Acting {
                let account = try #require(try await UserModel.find(person.id, on: desk.db))
                return Acting(principal: try await desk.principal(person), name: person.name, account: account)
            }
            let alice = try await signedIn(cast.alice)
            let triage = try await signedIn(cast.triage)
            // A first ticket warms whatever is cached; the second is counted.
            _ = try await helpdesk.tickets.createTicket(NewTicketInput(subject: "Warm-up", description: "x"), by: alice)
            _ = log.take()
            let ticket = try await helpdesk.tickets.createTicket(
                NewTicketInput(subject: "Jobs fail on CREAM CE", description: String(repeating: "glite-ce-job-submit fails. ", count: 40)), by: alice)
            var counts = ["create": log.take()]
            let id = try ticket.requireID()
            _ = try await helpdesk.tickets.addComment(ticketID: id, body: "Which CE?", visibility: .public, by: triage)
            counts["comment"] = log.take()
            _ = try await helpdesk.tickets.changeStatus(ticketID: id, to: .inProgress, note: nil, by: triage)
            counts["status"] = log.take()
            _ = try await helpdesk.tickets.assign(ticketID: id, unit: "DMSU", assignee: nil, note: "Second line, please.", by: triage)
            counts["assign"] = log.take()
            for (operation, statements) in counts.sorted(by: { $0.key < $1.key }) {
                let kinds = Dictionary(grouping: statements) { $0 }.mapValues(\.count)
                print("queries for \(operation): \(statements.count) \(kinds.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", "))")
                #expect(statements.count > 3, "\(operation): the counter sees the queries")
                #expect(statements.count <= Self.bounds[operation]!, "\(operation): \(statements.count) queries\n\(statements.joined(separator: "\n"))")
            }
        }
    }
}
