import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Internal notes never reach a submitter, by any read path of the API.
@Suite struct InternalVisibilityTests {
    static let secret = "INTERNAL-ONLY: the site admin misconfigured LCMAPS"

    /// A ticket with a public and an internal comment, a public and an internal attachment,
    /// and an internal routing note; returns its number and the ids of both attachments.
    func prepare(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast) async throws -> (Int, publicFile: UUID, internalFile: UUID) {
        let id = try await desk.fileTicket(as: cast.alice)
        try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage,
                               json: ["supportUnit": "DMSU", "note": Self.secret, "noteVisibility": "internal"])
        try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "We are looking into it."])
        try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": Self.secret, "visibility": "internal"])
        let publicFile = try await upload(desk, id, as: cast.alice, name: "job.log", content: "public log", visibility: nil)
        let internalFile = try await upload(desk, id, as: cast.expert, name: "analysis.txt", content: Self.secret, visibility: "internal")
        return (id, publicFile, internalFile)
    }

    func upload(_ desk: TestHelpdesk, _ id: Int, as person: TestHelpdesk.Person, name: String, content: String, visibility: String?) async throws -> UUID {
        let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: person,
                                              rawBody: Multipart.body(file: name, content: content, visibility: visibility),
                                              headers: ["Content-Type": "multipart/form-data; boundary=\(Multipart.boundary)"])
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(TicketJSON.Attachment.self).id
    }

    @Test func theSubmitterSeesNoInternalEntryAnywhere() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (id, publicFile, internalFile) = try await prepare(desk, cast)

            for path in ["/api/v1/tickets/\(id)", "/api/v1/tickets/\(id)/events", "/api/v1/tickets", "/api/v1/tickets?text=jobs"] {
                let response = try await desk.request(.GET, path, as: cast.alice)
                #expect(response.status == .ok)
                #expect(!response.body.string.contains("INTERNAL-ONLY"), "\(path) leaks an internal note")
                #expect(!response.body.string.contains("analysis.txt"), "\(path) leaks an internal attachment")
            }
            let events = try await desk.events(id, as: cast.alice)
            #expect(events.allSatisfy { $0.visibility == "public" })
            #expect(!events.contains { $0.kind == "comment-internal" })
            #expect(events.contains { $0.comment?.body == "We are looking into it." })

            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.attachments.map(\.filename) == ["job.log"])

            var response = try await desk.request(.GET, "/api/v1/tickets/\(id)/attachments/\(internalFile)", as: cast.alice)
            #expect(response.status == .notFound)
            response = try await desk.request(.GET, "/api/v1/tickets/\(id)/attachments/\(publicFile)", as: cast.alice)
            #expect(response.status == .ok)
            #expect(response.body.string == "public log")
            #expect(response.headers.first(name: "Content-Disposition") == "attachment; filename=\"job.log\"")
        }
    }

    @Test func supportersSeeEverything() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (id, _, internalFile) = try await prepare(desk, cast)
            // Every supporter, also of an uninvolved unit, reads internal entries.
            for person in [cast.expert, cast.triage, cast.developer, cast.admin] {
                let events = try await desk.events(id, as: person)
                #expect(events.filter { $0.comment?.body == Self.secret }.count == 2, "\(person.name)")
                #expect(try await desk.ticket(id, as: person).attachments.count == 2)
                let response = try await desk.request(.GET, "/api/v1/tickets/\(id)/attachments/\(internalFile)", as: person)
                #expect(response.body.string == Self.secret)
            }
        }
    }

    @Test func ccReadersAreTreatedLikeTheSubmitter() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let response = try await desk.request(.POST, "/api/v1/tickets", as: cast.alice, json: NewTicketInput(
                subject: "Copy Bob", description: "d", cc: ["BOB@example.net"]))
            let copied = try response.content.decode(TicketJSON.self).id
            try await desk.request(.POST, "/api/v1/tickets/\(copied)/comments", as: cast.triage, json: ["body": Self.secret, "visibility": "internal"])

            #expect(try await desk.request(.GET, "/api/v1/tickets/\(id)", as: cast.bob).status == .notFound)
            let seen = try await desk.request(.GET, "/api/v1/tickets/\(copied)/events", as: cast.bob)
            #expect(seen.status == .ok)
            #expect(!seen.body.string.contains("INTERNAL-ONLY"))
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(copied)/comments", as: cast.bob, json: ["body": "me too"]).status == .created)
            let internalNote = try await desk.request(.POST, "/api/v1/tickets/\(copied)/comments", as: cast.bob, json: ["body": "x", "visibility": "internal"])
            #expect(internalNote.status == .forbidden)
        }
    }

    @Test func anotherSubmittersTicketDoesNotExistForYou() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (id, publicFile, _) = try await prepare(desk, cast)
            for path in ["/api/v1/tickets/\(id)", "/api/v1/tickets/\(id)/events", "/api/v1/tickets/\(id)/attachments/\(publicFile)"] {
                let response = try await desk.request(.GET, path, as: cast.bob)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.problem?.detail.contains("does not exist") == true)
            }
            let comment = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.bob, json: ["body": "hello"])
            #expect(comment.status == .notFound)
            let list = try await desk.request(.GET, "/api/v1/tickets", as: cast.bob)
            #expect(try list.content.decode(ListJSON.self).items.isEmpty)
            // Asking for Alice's tickets by filter does not help either.
            let filtered = try await desk.request(.GET, "/api/v1/tickets?submitter=\(cast.alice.id)", as: cast.bob)
            #expect(try filtered.content.decode(ListJSON.self).items.isEmpty)
        }
    }

    @Test func submittersCannotWriteInternalEntries() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let comment = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "x", "visibility": "internal"])
            #expect(comment.status == .forbidden)
            let file = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice,
                                              rawBody: Multipart.body(file: "a.txt", content: "x", visibility: "internal"),
                                              headers: ["Content-Type": "multipart/form-data; boundary=\(Multipart.boundary)"])
            #expect(file.status == .forbidden)
            #expect(try await desk.events(id, as: cast.triage).map(\.kind) == ["created"])
        }
    }
}

enum Multipart {
    static let boundary = "switchboard-test-boundary"

    static func body(file name: String?, content: String, visibility: String?, contentType: String = "text/plain") -> String {
        var parts = ""
        if let name {
            parts += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: \(contentType)\r\n\r\n\(content)\r\n"
        }
        if let visibility {
            parts += "--\(boundary)\r\nContent-Disposition: form-data; name=\"visibility\"\r\n\r\n\(visibility)\r\n"
        }
        return parts + "--\(boundary)--\r\n"
    }
}
