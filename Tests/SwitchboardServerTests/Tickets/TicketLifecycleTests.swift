import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// A ticket's way through the tiers, driven through the API, with its recorded history.
@Suite struct TicketLifecycleTests {
    @Test func aTicketWithoutATargetStartsNewInFirstLine() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, extra: ["priority": "urgent", "vo": "atlas", "affectedSite": "DESY-HH"])
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.status == "new")
            #expect(ticket.supportUnit.name == "TPM")
            #expect(ticket.priority == "urgent")
            #expect(ticket.submitter.id == cast.alice.id)

            let events = try await desk.events(id, as: cast.alice)
            #expect(events.map(\.kind) == ["created"])
            #expect(events[0].actor.id == cast.alice.id)
            let changes = Dictionary(uniqueKeysWithValues: events[0].changes.map { ($0.field, $0.after) })
            #expect(changes["supportUnit"] == "TPM")
            #expect(changes["vo"] == "atlas")
            #expect(changes["status"] == "new")
        }
    }

    @Test func theWholeJourneyThroughTheTiersIsRecorded() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)

            desk.time.advance(by: 600)
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage,
                                                  json: ["supportUnit": "DMSU", "note": "Second line please."])
            #expect(response.status == .ok, "\(response.body.string)")
            #expect(try response.content.decode(TicketJSON.self).status == "assigned")

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.expert,
                                              json: ["supportUnit": cast.dmsu.uuidString, "assignee": cast.expert.id.uuidString])
            #expect(try response.content.decode(TicketJSON.self).assignee?.id == cast.expert.id)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert,
                                              json: ["body": "Probably the new CA bundle.", "visibility": "internal"])
            #expect(response.status == .created)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.expert,
                                              json: ["status": "waiting-for-reply", "note": "Which CA bundle version do you run?"])
            #expect(try response.content.decode(TicketJSON.self).status == "waiting-for-reply")

            // The submitter's answer moves the ticket back into work by itself.
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "1.119"])
            #expect(response.status == .created)
            #expect(try await desk.ticket(id, as: cast.alice).status == "in-progress")

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.expert,
                                              json: ["supportUnit": "dCache", "note": "Reproduce with srmcp against a 2.6 pool."])
            let routed = try response.content.decode(TicketJSON.self)
            #expect(routed.supportUnit.name == "dCache")
            #expect(routed.assignee == nil, "the previous unit's responsible person is cleared")

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.developer,
                                              json: ["status": "solved", "note": "Fixed in 2.6.3."])
            #expect(try response.content.decode(TicketJSON.self).status == "solved")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.alice, json: ["status": "verified"])
            #expect(try response.content.decode(TicketJSON.self).status == "verified")

            let events = try await desk.events(id, as: cast.expert)
            #expect(events.map(\.kind) == [
                "created", "assigned-to-unit", "comment-public", "assigned-to-person", "comment-internal", "status-changed",
                "comment-public", "status-changed", "assigned-to-unit", "comment-public", "status-changed", "status-changed",
            ])
            let routing = events.filter { $0.kind == "assigned-to-unit" }.last!
            let change = routing.changes.first { $0.field == "supportUnit" }!
            #expect(change.before == "DMSU" && change.after == "dCache")
            #expect(routing.changes.contains { $0.field == "fromTier" && $0.after == "second-line" })
            #expect(routing.changes.contains { $0.field == "toTier" && $0.after == "third-line" })
            #expect(events.first { $0.kind == "status-changed" }?.note == "Which CA bundle version do you run?")

            // Verified is final: nobody changes it any more.
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.admin, json: ["body": "late"])
            #expect(response.status == .conflict)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.admin, json: ["status": "reopened"])
            #expect(response.status == .conflict)
            #expect(response.problem?.detail == "A verified ticket can no longer change.")
        }
    }

    @Test func invalidTransitionsAreRefusedWithTheReason() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)

            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "verified"])
            #expect(response.status == .conflict)
            #expect(response.problem?.detail == "A ticket cannot go from new to verified.")

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.alice, json: ["status": "waiting-for-reply"])
            #expect(response.status == .forbidden)
            #expect(response.problem?.detail.contains("Only") == true)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "assigned"])
            #expect(response.status == .conflict)
            #expect(response.problem?.detail.contains("assignment") == true)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "new"])
            #expect(response.status == .conflict)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "closed"])
            #expect(response.status == .conflict)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "sleeping"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["status"] != nil)

            // None of the refusals left a trace.
            #expect(try await desk.events(id, as: cast.triage).map(\.kind) == ["created"])
            #expect(try await desk.ticket(id, as: cast.triage).status == "new")
        }
    }

    @Test func onlyTheSubmitterReopensAClosedTicketAndOnlyAdminsOrTheSystemClose() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "solved"])
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "closed"])
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.admin, json: ["status": "closed"])
            #expect(response.status == .ok)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage, json: ["status": "reopened"])
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.alice, json: ["status": "reopened", "note": "Back again."])
            #expect(try response.content.decode(TicketJSON.self).status == "reopened")
        }
    }

    @Test func priorityChangesNeedASupporterAndAJustification() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/priority", as: cast.alice,
                                                  json: ["priority": "top-priority", "justification": "I am in a hurry"])
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/priority", as: cast.triage,
                                              json: ["priority": "top-priority", "justification": "   "])
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["justification"] != nil)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/priority", as: cast.triage,
                                              json: ["priority": "top-priority", "justification": "Site down for ATLAS."])
            #expect(try response.content.decode(TicketJSON.self).priority == "top-priority")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/priority", as: cast.triage,
                                              json: ["priority": "top-priority", "justification": "again"])
            #expect(response.status == .conflict)

            let change = try await desk.events(id, as: cast.alice).last!
            #expect(change.kind == "priority-changed" && change.visibility == "public")
            #expect(change.note == "Site down for ATLAS.")
            #expect(change.changes.first?.before == "less-urgent" && change.changes.first?.after == "top-priority")
        }
    }

    @Test func assignmentRules() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.alice, json: ["supportUnit": "DMSU"])
            #expect(response.status == .forbidden)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.developer, json: ["supportUnit": "DMSU"])
            #expect(response.status == .forbidden, "a third-line supporter does not route first-line tickets")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "Nowhere"])
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "TPM"])
            #expect(response.status == .conflict)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage,
                                              json: ["supportUnit": "DMSU", "assignee": cast.developer.id.uuidString])
            #expect(response.status == .unprocessableEntity, "the responsible person must belong to the unit")
            #expect(response.problem?.errors?["assignee"] != nil)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "dCache"])
            #expect(response.status == .ok, "first line may hand a ticket to any unit")
            #expect(try await desk.events(id, as: cast.triage).map(\.kind) == ["created", "assigned-to-unit"])

            try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.developer, json: ["status": "solved"])
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            #expect(response.status == .conflict, "a solved ticket is reopened before it is routed")
        }
    }

    @Test func involvingOthersLetsThemContribute() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])

            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.developer,
                                                  json: ["body": "dCache view", "visibility": "internal"])
            #expect(response.status == .forbidden, "an uninvolved unit cannot write on the ticket")

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/involvements", as: cast.expert, json: ["supportUnit": "dCache"])
            #expect(response.status == .created, "\(response.body.string)")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/involvements", as: cast.expert, json: ["supportUnit": "dCache"])
            #expect(response.status == .conflict)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/involvements", as: cast.expert, json: ["user": cast.bob.id.uuidString])
            #expect(response.status == .unprocessableEntity, "submitters are copied, not involved")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/involvements", as: cast.expert,
                                              json: ["supportUnit": "CREAM", "user": cast.admin.id.uuidString])
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/involvements", as: cast.alice, json: ["supportUnit": "CREAM"])
            #expect(response.status == .forbidden)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.developer,
                                              json: ["body": "dCache view", "visibility": "internal"])
            #expect(response.status == .created)
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.involvedUnits.map(\.name) == ["dCache"])
        }
    }

    @Test func linksAreRecordedOnBothTickets() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let master = try await desk.fileTicket(as: cast.alice, subject: "Top BDII drops entries")
            let slave = try await desk.fileTicket(as: cast.bob, subject: "Site missing from BDII")
            var response = try await desk.request(.POST, "/api/v1/tickets/\(master)/links", as: cast.triage,
                                                  json: LinkBody(kind: "master-of", ticket: slave))
            #expect(response.status == .created)
            #expect(try await desk.ticket(master, as: cast.triage).links.map(\.kind) == ["master-of"])
            #expect(try await desk.ticket(slave, as: cast.triage).links.first?.kind == "slave-of")
            #expect(try await desk.ticket(slave, as: cast.triage).links.first?.ticket == master)
            #expect(try await desk.events(slave, as: cast.triage).suffix(2).map(\.kind) == ["linked", "status-changed"], "the slave waits on hold")

            response = try await desk.request(.POST, "/api/v1/tickets/\(slave)/links", as: cast.triage, json: LinkBody(kind: "related", ticket: master))
            #expect(response.status == .conflict)
            response = try await desk.request(.POST, "/api/v1/tickets/\(slave)/links", as: cast.triage, json: LinkBody(kind: "related", ticket: slave))
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/tickets/\(slave)/links", as: cast.triage, json: LinkBody(kind: "related", ticket: 9999))
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/tickets/\(slave)/links", as: cast.triage, json: LinkBody(kind: "cousin-of", ticket: master))
            #expect(response.status == .unprocessableEntity)
            // A submitter may not link, nor learn of another submitter's ticket through a link.
            response = try await desk.request(.POST, "/api/v1/tickets/\(slave)/links", as: cast.bob, json: LinkBody(kind: "related", ticket: master))
            #expect(response.status == .forbidden)
        }
    }

    @Test func concurrentChangesOfOneTicketAreAllKept() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: index.isMultiple(of: 2) ? cast.alice : cast.triage,
                                                              json: ["body": "comment \(index)"])
                        #expect(response.status == .created, "\(response.body.string)")
                    }
                }
                try await group.waitForAll()
            }
            let comments = try await desk.events(id, as: cast.triage).compactMap(\.comment?.body)
            #expect(Set(comments) == Set((0..<20).map { "comment \($0)" }))
        }
    }
}

struct LinkBody: Codable {
    var kind: String
    var ticket: Int
}
