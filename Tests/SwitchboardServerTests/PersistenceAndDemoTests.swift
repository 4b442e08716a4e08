import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct PersistenceTests {
    @Test func theTestsRunOnTheDatabaseTheyWereAskedFor() async throws {
        try await TestHelpdesk.with { desk in
            let dialect = (desk.db as! any SQLDatabase).dialect.name
            #expect(dialect == (TestHelpdesk.postgresURL == nil ? "sqlite" : "postgresql"))
        }
    }

    @Test func anSQLiteFileUsesWALFullSyncAndForeignKeys() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: SwitchboardConfiguration(database: .sqlite(path: path), passwordCost: 4))
            try await prepareDatabase(app, migrate: true)
            let sql = app.db as! any SQLDatabase
            struct Row: Decodable { var value: String }
            func pragma(_ name: String) async throws -> String {
                let row = try await sql.raw("SELECT CAST(\(unsafeRaw: name) AS TEXT) AS value FROM pragma_\(unsafeRaw: name)").first()
                return try row!.decode(column: "value", as: String.self)
            }
            #expect(try await pragma("journal_mode") == "wal")
            #expect(try await pragma("foreign_keys") == "1")
            #expect(try await pragma("synchronous") == "2", "FULL: a commit is on disk before it is acknowledged")

            // Foreign keys are enforced: a membership of a missing user is refused.
            await #expect(throws: (any Error).self) {
                try await MembershipModel(userID: UUID(), unitID: UUID(), role: .member).create(on: app.db)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func migrationsCanBeRunTwice() async throws {
        try await TestHelpdesk.with { desk in
            try await prepareDatabase(desk.app, migrate: true)
            #expect(try await UserModel.query(on: desk.db).count() == 0)
        }
    }
}

@Suite struct DemoDataTests {
    @Test func theDemoReproducesTheSeedStructureThroughTheServiceCode() async throws {
        try await TestHelpdesk.with { desk in
            let console = Terminal()
            console.stylizedOutputOverride = false
            #expect(try await DemoLoader.loadIfEmpty(desk.helpdesk, console: console))
            #expect(try await DemoLoader.loadIfEmpty(desk.helpdesk, console: console) == false, "only into an empty database")

            let units = try await SupportUnitModel.query(on: desk.db).all()
            #expect(units.count == DemoCatalogue.units.count)
            let byName = Dictionary(uniqueKeysWithValues: units.map { ($0.name, $0) })
            #expect(byName["TPM"]?.tier == .firstLine && byName["DMSU"]?.tier == .secondLine && byName["UMD Release"]?.tier == .release)
            #expect(byName["dCache"]?.serviceLevel == "level-2" && byName["ARGUS"]?.serviceLevel == "level-1")
            #expect(byName["dCache"]?.$parent.id == byName["Product teams"]?.id)

            let tickets = try await TicketModel.query(on: desk.db).all()
            #expect(tickets.count == DemoCatalogue.tickets.count)
            let statuses = Set(tickets.map(\.status))
            #expect(statuses.isSuperset(of: [.new, .assigned, .inProgress, .waitingForReply, .onHold, .reopened, .solved, .unsolved, .verified]))
            // Every ticket's history starts with its creation, and the histories are real events.
            for ticket in tickets {
                let first = try await TicketEventModel.query(on: desk.db).filter(\.$ticket.$id == (try ticket.requireID())).sort(\.$id).first()
                #expect(first?.kind == .created)
            }
            #expect(try await TicketEventModel.query(on: desk.db).filter(\.$kind == .commentInternal).count() > 0)

            // Demo accounts sign in with the printed password.
            let token = try await desk.helpdesk.accounts.issueToken(email: "triage@helpdesk.example.org", password: DemoCatalogue.password, name: nil, client: "127.0.0.1")
            #expect(!token.token.isEmpty)
        }
    }
}

@Suite struct OpenAPIDocumentTests {
    struct Document: Decodable {
        var openapi: String
        var paths: [String: [String: Operation]]
        struct Operation: Decodable { var operationId: String; var responses: [String: Response] }
        struct Response: Decodable { var description: String }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await TestHelpdesk.with { desk in
            let response = try await desk.request(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try JSONDecoder().decode(Document.self, from: Data(response.body.readableBytesView))
            #expect(document.openapi == "3.1.0")

            var documented: Set<String> = []
            for (path, operations) in document.paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            var served: Set<String> = []
            for route in desk.app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                // The web pages are not part of the API.
                guard path.hasPrefix("/api/v1/") || path == "/health" || path == "/ready", path != "/api/v1/openapi.json" else { continue }
                served.insert("\(route.method.rawValue) \(path)")
            }
            #expect(served == documented, "served but not documented: \(served.subtracting(documented)); documented but not served: \(documented.subtracting(served))")

            let operationIDs = document.paths.values.flatMap { $0.values.map(\.operationId) }
            #expect(Set(operationIDs).count == operationIDs.count, "operation ids are unique")
        }
    }
}
