import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct TicketListTests {
    /// Files `count` tickets, one a minute, alternating submitters and priorities.
    func fill(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast, count: Int) async throws -> [Int] {
        var ids: [Int] = []
        for index in 0..<count {
            desk.time.advance(by: 60)
            let priority = TicketPriority.allCases[index % 4].rawValue
            ids.append(try await desk.fileTicket(
                as: index.isMultiple(of: 2) ? cast.alice : cast.bob,
                subject: index.isMultiple(of: 3) ? "dCache pool \(index) offline" : "CREAM job \(index) stuck",
                extra: ["priority": priority, "category": index.isMultiple(of: 5) ? "service-request" : "incident"]))
        }
        return ids
    }

    func list(_ desk: TestHelpdesk, _ query: String, as person: TestHelpdesk.Person) async throws -> ListJSON {
        let response = try await desk.request(.GET, "/api/v1/tickets\(query)", as: person)
        #expect(response.status == .ok, "\(query): \(response.body.string)")
        return try response.content.decode(ListJSON.self)
    }

    /// Follows nextCursor to the end and returns every ticket number in order.
    func allPages(_ desk: TestHelpdesk, _ query: String, as person: TestHelpdesk.Person) async throws -> [Int] {
        var ids: [Int] = []
        var page = try await list(desk, query, as: person)
        ids += page.items.map(\.id)
        var guardCount = 0
        while let cursor = page.nextCursor, guardCount < 100 {
            page = try await list(desk, query + "&cursor=\(cursor)", as: person)
            ids += page.items.map(\.id)
            guardCount += 1
        }
        return ids
    }

    @Test func pagesCoverEveryTicketOnceInEverySortOrder() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ids = try await fill(desk, cast, count: 23)
            // Two tickets with the same creation instant: the number breaks the tie.
            let sameInstant = [try await desk.fileTicket(as: cast.alice), try await desk.fileTicket(as: cast.bob)]
            let all = ids + sameInstant

            #expect(try await allPages(desk, "?limit=5", as: cast.triage) == all.reversed())
            #expect(try await allPages(desk, "?limit=4&sort=created", as: cast.triage) == all)
            #expect(try await allPages(desk, "?limit=7&sort=id", as: cast.triage) == all)
            #expect(try await allPages(desk, "?limit=7&sort=-id", as: cast.triage) == all.reversed())
            let byPriority = try await allPages(desk, "?limit=3&sort=-priority", as: cast.triage)
            #expect(Set(byPriority) == Set(all) && byPriority.count == all.count)
            let priorities = try await list(desk, "?limit=200&sort=-priority", as: cast.triage).items.map { TicketPriority(rawValue: $0.priority)!.rank }
            #expect(priorities == priorities.sorted(by: >))
            #expect(try await list(desk, "?limit=200", as: cast.triage).nextCursor == nil)
        }
    }

    @Test func filtersNarrowTheList() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ids = try await fill(desk, cast, count: 12)
            try await desk.request(.POST, "/api/v1/tickets/\(ids[0])/assignment", as: cast.triage,
                                   json: ["supportUnit": "DMSU", "assignee": cast.expert.id.uuidString])
            try await desk.request(.POST, "/api/v1/tickets/\(ids[1])/status", as: cast.triage, json: ["status": "solved"])

            #expect(try await list(desk, "?status=assigned", as: cast.triage).items.map(\.id) == [ids[0]])
            #expect(try await list(desk, "?status=solved,assigned&sort=id", as: cast.triage).items.map(\.id) == [ids[0], ids[1]])
            #expect(try await list(desk, "?status=solved&status=assigned&sort=id", as: cast.triage).items.map(\.id) == [ids[0], ids[1]])
            #expect(try await list(desk, "?supportUnit=\(cast.dmsu)", as: cast.triage).items.map(\.id) == [ids[0]])
            #expect(try await list(desk, "?assignee=\(cast.expert.id)", as: cast.triage).items.map(\.id) == [ids[0]])
            let topPriority = try await list(desk, "?priority=top-priority&sort=id", as: cast.triage).items.map(\.id)
            #expect(topPriority == [ids[3], ids[7], ids[11]])
            let fromBob = try await list(desk, "?submitter=\(cast.bob.id)&sort=id", as: cast.triage).items.map(\.id)
            #expect(fromBob == ids.enumerated().filter { !$0.offset.isMultiple(of: 2) }.map(\.element))
            let requests = try await list(desk, "?category=service-request&sort=id", as: cast.triage).items.map(\.id)
            #expect(requests == [ids[0], ids[5], ids[10]])
            let text = try await list(desk, "?text=DCACHE%20offline&sort=id", as: cast.triage).items.map(\.id)
            #expect(text == [ids[0], ids[3], ids[6], ids[9]])
            let after = ISO8601DateFormatter().string(from: TestHelpdesk.start.addingTimeInterval(60 * 10))
            #expect(try await list(desk, "?createdAfter=\(after)&sort=id", as: cast.triage).items.map(\.id) == [ids[9], ids[10], ids[11]])
            #expect(try await list(desk, "?createdBefore=\(after)&sort=id", as: cast.triage).items.map(\.id) == Array(ids[0..<9]))
        }
    }

    @Test func submittersListOnlyTheirOwnTickets() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ids = try await fill(desk, cast, count: 6)
            #expect(try await allPages(desk, "?limit=2&sort=id", as: cast.alice) == [ids[0], ids[2], ids[4]])
        }
    }

    @Test func badParametersAreNamed() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            for (query, field) in [
                ("?limit=201", "limit"), ("?limit=0", "limit"), ("?limit=ten", "limit"), ("?status=lost", "status"),
                ("?sort=random", "sort"), ("?cursor=%%%", "cursor"), ("?cursor=djE6OTk5OTk", "cursor"), ("?assignee=me", "assignee"),
                ("?createdAfter=yesterday", "createdAfter"), ("?colour=red", "colour"), ("?supportUnit=TPM", "supportUnit"),
            ] {
                let response = try await desk.request(.GET, "/api/v1/tickets\(query)", as: cast.triage)
                #expect(response.status == .unprocessableEntity, "\(query)")
                #expect(response.problem?.errors?[field] != nil, "\(query): \(response.body.string)")
            }
        }
    }
}
