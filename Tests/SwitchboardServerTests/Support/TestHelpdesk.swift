import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

/// A running helpdesk for one test: its own database (an in-memory SQLite, or a schema of its
/// own on the PostgreSQL server named by SWITCHBOARD_TEST_POSTGRES_URL), a clock that only
/// moves when told, and helpers to call the API as a given person.
final class TestHelpdesk: @unchecked Sendable {
    let app: Application
    let time: ManualClock

    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21, a Monday

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private init(app: Application, time: ManualClock) {
        self.app = app
        self.time = time
    }

    /// Runs `body` against a fresh, migrated helpdesk and tears it down afterwards.
    static func with(
        attachmentMaxBytes: Int = 10 * 1024 * 1024,
        configure adjust: (inout SwitchboardConfiguration) -> Void = { _ in },
        _ body: (TestHelpdesk) async throws -> Void
    ) async throws {
        let app = try await Application.make(.testing)
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let database: SwitchboardConfiguration.DatabaseChoice = postgresURL.map { .postgres(url: $0, schema: String(schema)) } ?? .sqliteInMemory
        let (clock, time) = AppClock.manual(start)
        let helpdesk = TestHelpdesk(app: app, time: time)
        do {
            var configuration = SwitchboardConfiguration(database: database, attachmentMaxBytes: attachmentMaxBytes, passwordCost: 4)
            // Many tests run at once, each with its own pool: keep each pool small.
            configuration.databasePoolSize = 2
            adjust(&configuration)
            try await configure(app, configuration: configuration, clock: clock)
            app.logger.logLevel = .warning
            if postgresURL != nil {
                try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: String(schema))").run()
            }
            try await prepareDatabase(app, migrate: true)
            try await body(helpdesk)
        } catch {
            await helpdesk.tearDown(schema: String(schema))
            throw error
        }
        await helpdesk.tearDown(schema: String(schema))
    }

    private func tearDown(schema: String) async {
        if Self.postgresURL != nil {
            try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        try? await app.asyncShutdown()
    }

    /// Outbox kinds of the automated processes' own messages.
    static let automaticMailKinds = ["waiting-reminder", "response-warning", "response-overdue", "stale-reminder", "high-priority-alert", "escalation"]

    var helpdesk: Helpdesk { app.helpdesk }

    /// The reply address a person's notifications about a ticket carry (their Reply-To).
    func replyAddress(ticket: Int, for email: String) -> String {
        Outbox.replyAddress(ticketID: ticket, recipient: email, settings: app.switchboardConfiguration)!
    }
    var db: any Database { app.db }

    // MARK: Requests

    @discardableResult
    func request(
        _ method: HTTPMethod, _ path: String, as person: Person? = nil, token: String? = nil,
        json: (any Encodable)? = nil, rawBody: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(method, path, headers: headers) { request in
            request.url = URI(string: path)
            if let bearer = token ?? person?.token {
                request.headers.bearerAuthorization = BearerAuthorization(token: bearer)
            }
            if let json {
                request.headers.contentType = .json
                request.body = ByteBuffer(data: try JSONEncoder().encode(json))
            } else if let rawBody {
                if request.headers.contentType == nil { request.headers.contentType = .json }
                request.body = ByteBuffer(string: rawBody)
            }
        }
    }

    // MARK: People and units

    struct Person: Sendable {
        var id: UUID
        var email: String
        var name: String
        var token: String
    }

    /// The usual cast: an administrator, a supporter in each tier and two submitters.
    struct Cast: Sendable {
        var admin: Person
        var triage: Person
        var expert: Person
        var developer: Person
        var alice: Person
        var bob: Person
        var tpm: UUID
        var dmsu: UUID
        var dcache: UUID
        var cream: UUID
        var release: UUID
    }

    func person(_ email: String, name: String, admin: Bool = false, units: [UUID] = [], role: MembershipRole = .member) async throws -> Person {
        let user = try await helpdesk.accounts.createUser(
            NewUserInput(email: email, displayName: name, password: "correct horse battery", isAdmin: admin), by: nil)
        for unit in units {
            _ = try await helpdesk.units.addMember(unitID: unit, userID: (try user.requireID()), role: role, by: Acting.system.asAdministrator)
        }
        let token = try await helpdesk.accounts.issueToken(for: user, name: "test")
        return Person(id: (try user.requireID()), email: user.email, name: name, token: token.token)
    }

    func unit(_ name: String, _ tier: SupportTier, level: String = ServiceLevelName.level2) async throws -> UUID {
        try await helpdesk.units.createSupportUnit(NewSupportUnitInput(
            name: name, tier: tier.rawValue, mailingList: "\(name.lowercased().replacingOccurrences(of: " ", with: "-"))@example.org",
            serviceLevel: level, timeZone: "Europe/Paris"), by: Acting.system.asAdministrator).id!
    }

    func cast() async throws -> Cast {
        let tpm = try await unit("TPM", .firstLine)
        let dmsu = try await unit("DMSU", .secondLine)
        let dcache = try await unit("dCache", .thirdLine)
        let cream = try await unit("CREAM", .thirdLine)
        let release = try await unit("UMD Release", .release)
        return Cast(
            admin: try await person("admin@example.org", name: "Ada Admin", admin: true),
            triage: try await person("triage@example.org", name: "Tomas Triage", units: [tpm]),
            expert: try await person("expert@example.org", name: "Eva Expert", units: [dmsu], role: .unitAdmin),
            developer: try await person("dev@example.org", name: "Dirk Developer", units: [dcache]),
            alice: try await person("alice@example.edu", name: "Alice Scientist"),
            bob: try await person("bob@example.net", name: "Bob Siteadmin"),
            tpm: tpm, dmsu: dmsu, dcache: dcache, cream: cream, release: release)
    }

    /// A person of the cast as the operations see them.
    func principal(_ person: Person) async throws -> Principal {
        try await helpdesk.accounts.principal(for: try #require(try await UserModel.find(person.id, on: db)))
    }

    func acting(_ person: Person) async throws -> Acting {
        Acting(principal: try await principal(person), name: person.name)
    }

    /// Files a ticket through the API and returns its number.
    func fileTicket(as person: Person, subject: String = "Jobs fail on CREAM CE", extra: [String: String] = [:]) async throws -> Int {
        var body = ["subject": subject, "description": "glite-ce-job-submit fails with an authorization error."]
        body.merge(extra) { $1 }
        let response = try await request(.POST, "/api/v1/tickets", as: person, json: body)
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(TicketJSON.self).id
    }

    func ticket(_ id: Int, as person: Person) async throws -> TicketJSON {
        let response = try await request(.GET, "/api/v1/tickets/\(id)", as: person)
        #expect(response.status == .ok, "\(response.body.string)")
        return try response.content.decode(TicketJSON.self)
    }

    func events(_ id: Int, as person: Person) async throws -> [EventJSON] {
        let response = try await request(.GET, "/api/v1/tickets/\(id)/events", as: person)
        #expect(response.status == .ok, "\(response.body.string)")
        return try response.content.decode([EventJSON].self)
    }
}

/// The parts of API answers the tests read.
struct TicketJSON: Codable {
    struct Unit: Codable { var id: UUID; var name: String; var tier: String }
    struct PersonRef: Codable { var id: UUID; var displayName: String }
    struct Link: Codable { var kind: String; var ticket: Int }
    struct Attachment: Codable { var id: UUID; var filename: String; var visibility: String; var url: String; var size: Int }
    var id: Int
    var subject: String
    var status: String
    var priority: String
    var category: String
    var supportUnit: Unit
    var assignee: PersonRef?
    var submitter: PersonRef
    var involvedUnits: [Unit]
    var involvedUsers: [PersonRef]
    var links: [Link]
    var attachments: [Attachment]
    var cc: [String]
    struct Response: Codable { var startedAt: Date; var dueAt: Date; var respondedAt: Date?; var colour: String?; var overdue: Bool }
    var response: Response?
    var escalationStep: Int
    var attention: [String]
    var fixedComponent: String?
    var fixedVersion: String?
    var closedByRelease: UUID?
}

struct EventJSON: Codable {
    struct Change: Codable { var field: String; var before: String?; var after: String? }
    struct Comment: Codable { var id: UUID; var body: String; var quoted: String? }
    struct ActorRef: Codable { var id: UUID?; var name: String }
    var id: Int
    var kind: String
    var visibility: String
    var actor: ActorRef
    var changes: [Change]
    var note: String?
    var rule: String?
    var comment: Comment?
}

struct ProblemJSON: Codable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [String: [String]]?
}

struct ListJSON: Codable {
    struct Item: Codable { var id: Int; var subject: String; var status: String; var priority: String }
    var items: [Item]
    var nextCursor: String?
}

extension TestingHTTPResponse {
    var problem: ProblemJSON? {
        guard headers.first(name: .contentType) == "application/problem+json" else { return nil }
        return try? JSONDecoder().decode(ProblemJSON.self, from: Data(body.readableBytesView))
    }
}
