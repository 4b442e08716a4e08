import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct TicketEditTests {
    @Test func fieldChangesAreOneEventWithBeforeAndAfter() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice, extra: ["vo": "atlas"])
            let response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, rawBody: """
                {"subject": "SRM fails at DESY-HH", "vo": null, "affectedSite": "DESY-HH", "cc": ["Carol@Example.org"]}
                """)
            #expect(response.status == .ok, "\(response.body.string)")
            let ticket = try response.content.decode(TicketJSON.self)
            #expect(ticket.subject == "SRM fails at DESY-HH" && ticket.cc == ["carol@example.org"])

            let event = try await desk.events(id, as: cast.alice).last!
            #expect(event.kind == "field-changed")
            let changes = Dictionary(uniqueKeysWithValues: event.changes.map { ($0.field, ($0.before, $0.after)) })
            #expect(changes["subject"]?.0 == "Jobs fail on CREAM CE" && changes["subject"]?.1 == "SRM fails at DESY-HH")
            #expect(changes["vo"]?.0 == "atlas" && changes["vo"]?.1 == nil)
            #expect(changes["affectedSite"]?.1 == "DESY-HH")
            #expect(changes["cc"]?.1 == "carol@example.org")

            // The list search follows the new subject.
            let found = try await desk.request(.GET, "/api/v1/tickets?text=desy-hh", as: cast.alice)
            #expect(try found.content.decode(ListJSON.self).items.map(\.id) == [id])
        }
    }

    @Test func whoMayEditWhat() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, rawBody: #"{"fixedVersion": "dcache-2.6.3"}"#)
            #expect(response.status == .forbidden, "the fixed version is the supporters' to set")
            response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.triage, rawBody: #"{"fixedVersion": "dcache-2.6.3", "eta": "2026-10-01"}"#)
            #expect(response.status == .ok)
            response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.triage, rawBody: #"{"notificationMode": "never"}"#)
            #expect(response.status == .forbidden, "the notification mode is the submitter's preference")
            response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, rawBody: #"{"notificationMode": "on-solution"}"#)
            #expect(response.status == .ok)
            response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.bob, rawBody: #"{"vo": "cms"}"#)
            #expect(response.status == .notFound)
            response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.developer, rawBody: #"{"vo": "cms"}"#)
            #expect(response.status == .forbidden, "an uninvolved unit does not edit")
        }
    }

    @Test func badEditsAreRefusedWhole() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            for (body, field) in [
                (#"{"subject": null}"#, "subject"), (#"{"subject": "  "}"#, "subject"), (#"{"status": "solved"}"#, "status"),
                (#"{"cc": ["not an address"]}"#, "cc"), (#"{"eta": "soon"}"#, "eta"),
                (#"{}"#, "body"), (#"{"vo": "cms", "description": "rewritten"}"#, "description"), (#"{"cc": "a@b.org"}"#, "cc"),
            ] {
                let response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.triage, rawBody: body)
                #expect(response.status == .unprocessableEntity, "\(body)")
                #expect(response.problem?.errors?[field] != nil, "\(body): \(response.body.string)")
            }
            let mode = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.alice, rawBody: #"{"notificationMode": "daily"}"#)
            #expect(mode.problem?.errors?["notificationMode"] != nil)
            #expect(try await desk.ticket(id, as: cast.alice).subject == "Jobs fail on CREAM CE")
            #expect(try await desk.events(id, as: cast.alice).map(\.kind) == ["created"])
        }
    }
}
