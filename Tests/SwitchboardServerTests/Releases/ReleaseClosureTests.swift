import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

struct ReleaseJSON: Codable {
    struct Change: Codable { var from: String?; var to: String; var reason: String?; var by: String }
    var id: UUID
    var component: String
    var version: String
    var stage: String
    var history: [Change]
    var closedTickets: [Int]?
    var waitingTickets: [Int]?
}

/// Seed 000's release process through the API: the product team records the fix, the release
/// unit holds the ticket, and the release that reaches production closes it.
@Suite struct ReleaseClosureTests {
    /// A catalogue with dCache's `dcache`, a release manager, and a ticket filed by Alice and
    /// routed to dCache.
    struct Setting: Sendable {
        var cast: TestHelpdesk.Cast
        var manager: TestHelpdesk.Person
    }

    func setting(_ desk: TestHelpdesk) async throws -> Setting {
        let cast = try await desk.cast()
        let manager = try await desk.person("manager@example.org", name: "Rita Release", units: [cast.release])
        let product = try await desk.request(.POST, "/api/v1/products", as: cast.admin,
                                             json: ["name": "dCache", "ownerUnit": "dCache", "components": "dcache"] as [String: String])
        // Components are a list: the string above is refused.
        #expect(product.status == .badRequest || product.status == .unprocessableEntity)
        let created = try await desk.request(.POST, "/api/v1/products", as: cast.admin,
                                             json: NewProductInput(name: "dCache", ownerUnit: "dCache", components: ["dcache", "dcache-srmclient"]))
        #expect(created.status == .created, "\(created.body.string)")
        return Setting(cast: cast, manager: manager)
    }

    func fixedTicket(_ desk: TestHelpdesk, _ setting: Setting, version: String, subject: String = "Pool fails") async throws -> Int {
        let id = try await desk.fileTicket(as: setting.cast.alice, subject: subject)
        try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: setting.cast.triage, json: ["supportUnit": "dCache"])
        let fix = try await desk.request(.POST, "/api/v1/tickets/\(id)/fix", as: setting.cast.developer,
                                         json: ["component": "dcache", "version": version, "note": "See the release notes."])
        #expect(fix.status == .ok, "\(fix.body.string)")
        return id
    }

    func release(_ desk: TestHelpdesk, _ id: UUID, as person: TestHelpdesk.Person) async throws -> ReleaseJSON {
        try await desk.request(.GET, "/api/v1/releases/\(id)", as: person).content.decode(ReleaseJSON.self)
    }

    func announce(_ desk: TestHelpdesk, _ version: String, as person: TestHelpdesk.Person) async throws -> UUID {
        let response = try await desk.request(.POST, "/api/v1/releases", as: person, json: ["component": "dcache", "version": version])
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(ReleaseJSON.self).id
    }

    func move(_ desk: TestHelpdesk, _ id: UUID, to stage: String, reason: String? = nil, as person: TestHelpdesk.Person) async throws -> TestingHTTPResponse {
        var body = ["stage": stage]
        if let reason { body["reason"] = reason }
        return try await desk.request(.POST, "/api/v1/releases/\(id)/stage", as: person, json: body)
    }

    @Test func theFixHandsTheTicketToTheReleaseUnitAndTellsTheSubmitter() async throws {
        try await TestHelpdesk.with { desk in
            let setting = try await setting(desk)
            let cast = setting.cast
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "dCache"])
            // Only the ticket's unit records its fix, with a catalogue component and a version.
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/fix", as: cast.alice,
                                           json: ["component": "dcache", "version": "9.2.15"]).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/fix", as: cast.developer,
                                           json: ["component": "dcash", "version": "9.2.15"]).status == .unprocessableEntity)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/fix", as: cast.developer,
                                           json: ["component": "dcache", "version": "9.2 beta"]).status == .unprocessableEntity)
            #expect(try await desk.ticket(id, as: cast.alice).supportUnit.name == "dCache", "refusals change nothing")

            let answer = try await desk.request(.POST, "/api/v1/tickets/\(id)/fix", as: cast.developer,
                                                json: ["component": "dcache", "version": "9.2.15", "note": "Upgrade the pools."])
            #expect(answer.status == .ok, "\(answer.body.string)")
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.supportUnit.name == "UMD Release" && ticket.status == "assigned", "the status stays")
            #expect(ticket.fixedComponent == "dcache" && ticket.fixedVersion == "9.2.15")
            let told = try #require(try await desk.events(id, as: cast.alice).last { $0.kind == "comment-public" })
            #expect(told.comment?.body.contains("dcache 9.2.15") == true && told.comment?.body.contains("Upgrade the pools.") == true)
            // dCache answered with the fix; UMD Release works best effort, without a clock.
            #expect(ticket.response?.respondedAt != nil)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/fix", as: cast.admin,
                                           json: ["component": "dcache", "version": "9.2.16"]).status == .conflict, "it waits already")
        }
    }

    @Test func productionClosesThisAndOlderVersionsButNotNewerOnes() async throws {
        try await TestHelpdesk.with { desk in
            let setting = try await setting(desk)
            let (cast, manager) = (setting.cast, setting.manager)
            let older = try await fixedTicket(desk, setting, version: "9.2.14")
            let same = try await fixedTicket(desk, setting, version: "9.2.15")
            let newer = try await fixedTicket(desk, setting, version: "9.2.100")
            let other = try await desk.fileTicket(as: cast.alice, subject: "Elsewhere")
            // The product team announces its own release; only the release unit moves it.
            let id = try await announce(desk, "9.2.15-1.el9", as: cast.developer)
            #expect(try await move(desk, id, to: "in-verification", as: cast.developer).status == .forbidden)
            #expect(try await move(desk, id, to: "in-verification", as: manager).status == .ok)
            #expect(try await move(desk, id, to: "announced", as: manager).status == .conflict, "forward only")
            #expect(try await move(desk, id, to: "in-staged-rollout", as: manager).status == .ok)
            #expect(try await desk.ticket(same, as: cast.alice).status == "assigned", "staged rollout closes nothing")
            #expect(try await move(desk, id, to: "in-production", as: manager).status == .ok)

            for closed in [older, same] {
                #expect(try await desk.ticket(closed, as: cast.alice).status == "closed")
                let event = try #require(try await desk.events(closed, as: cast.alice).last { $0.kind == "status-changed" })
                #expect(event.rule == "release-closure" && event.actor.id == nil)
                #expect(event.note?.contains("dcache 9.2.15-1.el9") == true && event.note?.contains("/releases/\(id)") == true)
                #expect(event.changes.contains { $0.field == "release" && $0.after == "dcache 9.2.15-1.el9" })
            }
            #expect(try await desk.ticket(newer, as: cast.alice).status == "assigned", "fixed in a newer version: it waits")
            #expect(try await desk.ticket(newer, as: cast.alice).supportUnit.name == "UMD Release")
            #expect(try await desk.ticket(other, as: cast.alice).status == "new")
            let detail = try await release(desk, id, as: cast.alice)
            #expect(detail.stage == "in-production" && detail.closedTickets == [older, same])
            #expect(detail.history.map(\.to) == ["announced", "in-verification", "in-staged-rollout", "in-production"])
            #expect(detail.history.first?.by == "Dirk Developer" && detail.history.last?.by == "Rita Release")
            #expect(try await move(desk, id, to: "rejected", reason: "too late", as: manager).status == .conflict, "production is final")
        }
    }

    @Test func aRejectedReleaseClosesNothingAndTheNextOneDoes() async throws {
        try await TestHelpdesk.with { desk in
            let setting = try await setting(desk)
            let (cast, manager) = (setting.cast, setting.manager)
            let ticket = try await fixedTicket(desk, setting, version: "9.2.15")
            let rejected = try await announce(desk, "9.2.15", as: manager)
            #expect(try await move(desk, rejected, to: "rejected", as: manager).status == .unprocessableEntity, "a rejection says why")
            #expect(try await move(desk, rejected, to: "rejected", reason: "Breaks the SRM door", as: manager).status == .ok)
            #expect(try await move(desk, rejected, to: "in-production", as: manager).status == .conflict, "rejected is final")
            #expect(try await desk.ticket(ticket, as: cast.alice).status == "assigned")
            let waiting = try await desk.request(.GET, "/api/v1/releases/queue", as: manager).content.decode(ReleaseQueueJSON.self)
            #expect(waiting.groups.map(\.version) == ["9.2.15"] && waiting.groups.first?.tickets.map(\.id) == [ticket])

            let next = try await announce(desk, "9.2.17", as: manager)
            #expect(try await move(desk, next, to: "in-production", as: manager).status == .ok, "a release may be seen in production first")
            #expect(try await desk.ticket(ticket, as: cast.alice).status == "closed")
            #expect(try await desk.ticket(ticket, as: cast.alice).closedByRelease == next)
        }
    }

    @Test func ticketsWaitingLongerThanAReleaseCycleAreFlagged() async throws {
        try await TestHelpdesk.with(configure: { $0.releases.waitingLimitDays = 60 }) { desk in
            let setting = try await setting(desk)
            let ticket = try await fixedTicket(desk, setting, version: "9.2.15")
            var queue = try await desk.request(.GET, "/api/v1/releases/queue", as: setting.manager).content.decode(ReleaseQueueJSON.self)
            #expect(queue.groups.first?.tickets.first?.overdue == false)
            desk.time.advance(by: 61 * 86_400)
            queue = try await desk.request(.GET, "/api/v1/releases/queue", as: setting.manager).content.decode(ReleaseQueueJSON.self)
            #expect(queue.groups.first?.tickets.first?.id == ticket)
            #expect(queue.groups.first?.tickets.first?.overdue == true && queue.groups.first?.tickets.first?.waitingDays == 61)
            #expect(try await desk.request(.GET, "/api/v1/releases/queue", as: setting.cast.alice).status == .forbidden)
            let sweep = try await desk.helpdesk.sweep.sweepAgenda(unit: "UMD Release", by: .system)
            #expect(sweep.groups.flatMap(\.items).first { $0.id == ticket }?.flags == [.missedReleaseCycle])
        }
    }
}

struct ReleaseQueueJSON: Codable {
    struct Ticket: Codable { var id: Int; var overdue: Bool; var waitingDays: Int }
    struct Group: Codable { var component: String; var version: String; var tickets: [Ticket] }
    var unit: String?
    var groups: [Group]
}
