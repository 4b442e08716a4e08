import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Bad input gets a clear problem answer and changes nothing; no input gives a 500.
@Suite struct RobustnessTests {
    @Test func malformedBodiesAre400Or422NeverA500() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let paths = [
                "/api/v1/tickets", "/api/v1/tickets/\(id)/comments", "/api/v1/tickets/\(id)/assignment",
                "/api/v1/tickets/\(id)/status", "/api/v1/tickets/\(id)/priority", "/api/v1/tickets/\(id)/involvements",
                "/api/v1/tickets/\(id)/links", "/api/v1/support-units", "/api/v1/users", "/api/v1/tokens",
                "/api/v1/support-units/\(cast.dmsu)/members",
            ]
            let bodies = [
                "", "{", "[]", "null", "42", "\"text\"", "{\"subject\": 5}", "{\"body\": null}", "{\"status\": []}",
                "{\"ticket\": \"x\"}", "{\"ticket\": 1e400}", "{\"user\": \"nope\"}", String(repeating: "[", count: 5000),
                "{\"a\":\"\\ud800\"}", "\u{0}\u{1}\u{2}", "{\"subject\":\"" + String(repeating: "x", count: 20_000) + "\"}",
            ]
            let before = try await TicketEventModel.query(on: desk.db).count()
            for path in paths {
                for body in bodies {
                    let response = try await desk.request(.POST, path, as: cast.admin, rawBody: body)
                    #expect([400, 401, 403, 404, 409, 413, 415, 422].contains(response.status.code), "\(path) ← \(body.prefix(40)): \(response.status)")
                    #expect(response.problem != nil, "\(path) ← \(body.prefix(40)) is not a problem document")
                }
            }
            #expect(try await TicketEventModel.query(on: desk.db).count() == before, "a refused request wrote something")
            #expect(try await desk.request(.GET, "/health").status == .ok)
        }
    }

    @Test func malformedJSONIs400AndMissingFieldsAre422WithTheField() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var response = try await desk.request(.POST, "/api/v1/tickets", as: cast.alice, rawBody: "{\"subject\": ")
            #expect(response.status == .badRequest)
            #expect(response.headers.first(name: .contentType) == "application/problem+json")
            #expect(response.problem?.title == "Bad Request")
            let id = try await desk.fileTicket(as: cast.alice)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, rawBody: "{}")
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?["body"] == ["body is required."])
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/links", as: cast.triage, rawBody: "{\"kind\":\"related\",\"ticket\":\"two\"}")
            #expect(response.problem?.errors?["ticket"] != nil)
        }
    }

    @Test func nulCharactersAreRefusedBeforeTheyReachTheDatabase() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            for (path, body) in [
                ("/api/v1/tickets", #"{"subject": "a\u0000b", "description": "d"}"#),
                ("/api/v1/tickets/\(id)/assignment", #"{"supportUnit": "\u0000"}"#),
                ("/api/v1/tickets/\(id)/comments", "{\"body\": \"raw \u{0} byte\"}"),
                ("/api/v1/tokens", #"{"email": "alice@example.edu\u0000", "password": "x"}"#),
            ] {
                let response = try await desk.request(.POST, path, as: cast.triage, rawBody: body)
                #expect(response.status == .unprocessableEntity, "\(path): \(response.body.string)")
            }
            let query = try await desk.request(.GET, "/api/v1/tickets?text=a%00b", as: cast.triage)
            #expect(query.status == .unprocessableEntity)
            // An escaped backslash before u0000 is ordinary text.
            let text = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, rawBody: #"{"body": "C strings end in \\u0000"}"#)
            #expect(text.status == .created)
            #expect(try await desk.events(id, as: cast.triage).last?.comment?.body == #"C strings end in \u0000"#)
        }
    }

    @Test func unknownTicketsAndRoutesAre404Problems() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            for path in ["/api/v1/tickets/999", "/api/v1/tickets/abc", "/api/v1/tickets/-1", "/api/v1/tickets/99999999999999999999999",
                         "/api/v1/nothing", "/api/v1/tickets/1/attachments/xyz"] {
                let response = try await desk.request(.GET, path, as: cast.admin)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.problem != nil, "\(path)")
            }
        }
    }

    @Test func attachmentsOverTheLimitAre413AndStoreNothing() async throws {
        try await TestHelpdesk.with(attachmentMaxBytes: 1000) { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(Multipart.boundary)"]
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice,
                                                  rawBody: Multipart.body(file: "big.log", content: String(repeating: "x", count: 200_000), visibility: nil),
                                                  headers: headers)
            #expect(response.status == .payloadTooLarge)
            #expect(response.problem?.status == 413)
            // Just over the limit, within the allowance for multipart framing: refused by the rule.
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice,
                                              rawBody: Multipart.body(file: "big.log", content: String(repeating: "x", count: 1001), visibility: nil),
                                              headers: headers)
            #expect(response.status == .payloadTooLarge)
            #expect(response.problem?.detail == "The file has 1001 bytes; at most 1000 are accepted.")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice,
                                              rawBody: Multipart.body(file: nil, content: "", visibility: "public"), headers: headers)
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice, rawBody: "{}")
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice,
                                              rawBody: "--\(Multipart.boundary)\r\ngarbage", headers: headers)
            #expect(response.status.code < 500)
            #expect(try await AttachmentModel.query(on: desk.db).count() == 0)

            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/attachments", as: cast.alice,
                                              rawBody: Multipart.body(file: "../../etc/passwd", content: "ok", visibility: nil), headers: headers)
            #expect(response.status == .created)
            #expect(try response.content.decode(TicketJSON.Attachment.self).filename == "passwd")
        }
    }

    @Test func randomBytesNeverCrashTheServer() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var generator = SeededGenerator(seed: 2026)
            let pieces = ["{", "}", "[", "]", ":", ",", "\"", "subject", "status", "body", "kind", "ticket", "null", "true",
                          "-1", "1e99", "\\u0000", "solved", "internal", "DMSU", " ", "\u{FEFF}", "é", "💥"]
            for _ in 0..<300 {
                let body = (0..<Int.random(in: 1...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let path = ["/api/v1/tickets", "/api/v1/tickets/\(id)/status", "/api/v1/tickets/\(id)/comments", "/api/v1/tickets/\(id)/links"]
                    .randomElement(using: &generator)!
                let response = try await desk.request(.POST, path, as: cast.triage, rawBody: body)
                #expect(response.status.code < 500, "\(path) ← \(body)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
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
