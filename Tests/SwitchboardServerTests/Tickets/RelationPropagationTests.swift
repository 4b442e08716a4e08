import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Master/slave and parent/child tickets move together, through the API.
@Suite struct RelationPropagationTests {
    @Test func slavesWaitAndAreSolvedWithTheirMaster() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let master = try await desk.fileTicket(as: cast.alice, subject: "Top BDII drops entries")
            let slave = try await desk.fileTicket(as: cast.bob, subject: "Our site vanished from the BDII")
            try await desk.request(.POST, "/api/v1/tickets/\(master)/status", as: cast.triage, json: ["status": "in-progress"])
            // Linked from the slave's side: the same relation.
            let response = try await desk.request(.POST, "/api/v1/tickets/\(slave)/links", as: cast.triage, json: LinkBody(kind: "slave-of", ticket: master))
            #expect(response.status == .created)
            #expect(try await desk.ticket(slave, as: cast.bob).status == "on-hold")
            let hold = try #require(try await desk.events(slave, as: cast.bob).last)
            #expect(hold.kind == "status-changed" && hold.actor.id == nil && hold.note?.contains("#\(master)") == true)
            #expect(try await desk.ticket(master, as: cast.alice).status == "in-progress", "the master does not move")

            try await desk.request(.POST, "/api/v1/tickets/\(master)/status", as: cast.triage, json: ["status": "solved", "note": "BDII restarted with the fix."])
            #expect(try await desk.ticket(slave, as: cast.bob).status == "solved")
            #expect(try await desk.events(slave, as: cast.bob).last?.note == "Solved together with its master #\(master).")
            // The slave's closure is planned like any solved ticket's.
            #expect(try await TimerModel.query(on: desk.db).filter(\.$ticket.$id == slave).filter(\.$kind == .autoClose).count() == 1)
        }
    }

    @Test func aParentWaitsForItsLastChild() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let parent = try await desk.fileTicket(as: cast.alice, subject: "Migrate the site to the new middleware")
            let first = try await desk.fileTicket(as: cast.alice, subject: "Upgrade CREAM")
            let second = try await desk.fileTicket(as: cast.alice, subject: "Upgrade dCache")
            try await desk.request(.POST, "/api/v1/tickets/\(parent)/links", as: cast.triage, json: LinkBody(kind: "parent-of", ticket: first))
            try await desk.request(.POST, "/api/v1/tickets/\(second)/links", as: cast.triage, json: LinkBody(kind: "child-of", ticket: parent))
            #expect(try await desk.ticket(parent, as: cast.alice).status == "on-hold")

            try await desk.request(.POST, "/api/v1/tickets/\(first)/status", as: cast.triage, json: ["status": "solved"])
            #expect(try await desk.ticket(parent, as: cast.alice).status == "on-hold", "one child is still open")
            try await desk.request(.POST, "/api/v1/tickets/\(second)/status", as: cast.triage, json: ["status": "unsolved"])
            #expect(try await desk.ticket(parent, as: cast.alice).status == "in-progress")
            let back = try #require(try await desk.events(parent, as: cast.alice).last)
            #expect(back.note == "All its child tickets are done." && back.actor.id == nil)
            #expect(try await desk.request(.GET, "/api/v1/tickets/\(parent)/events", as: cast.alice).body.string.contains("\"rule\":\"parent-child\""))
        }
    }

    @Test func relatedAndDuplicateLinksMoveNothing() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let a = try await desk.fileTicket(as: cast.alice)
            let b = try await desk.fileTicket(as: cast.alice)
            let c = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(a)/links", as: cast.triage, json: LinkBody(kind: "related", ticket: b))
            try await desk.request(.POST, "/api/v1/tickets/\(c)/links", as: cast.triage, json: LinkBody(kind: "duplicate-of", ticket: a))
            for id in [a, b, c] { #expect(try await desk.ticket(id, as: cast.alice).status == "new") }
        }
    }
}
