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

    /// Bodies that trapped MultipartKit 4.7.1 and so stopped the whole server (CI's schemathesis
    /// run found the first): every route that decodes content reads multipart bodies, even
    /// sign-in, so they are refused with a 400 before MultipartKit sees them.
    @Test func multipartBodiesThatTrappedTheFrameworkAre400s() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let bodies: [(contentType: String, body: String)] = [
                ("multipart/form-data; boundary=bedadbd6", "--bedadbd6\r\n\u{B8}--bedadbd6--\r\n"),
                ("multipart/form-data; boundary=b", "--b\r\nN\u{E4}me: x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nv\r\n--b--\r\n"),
                ("multipart/form-data; boundary=\"\"", "--\r\n--"),
                ("multipart/form-data", "--\r\n--"),
            ]
            for path in ["/api/v1/tokens", "/api/v1/tickets/\(id)/attachments", "/api/v1/tickets", "/sign-in"] {
                for (contentType, body) in bodies {
                    let response = try await desk.request(.POST, path, as: path == "/api/v1/tokens" || path == "/sign-in" ? nil : cast.alice,
                                                          rawBody: body, headers: ["Content-Type": contentType])
                    #expect(response.status.code == 400 || (path == "/sign-in" && response.status.code == 403), "\(path) ← \(body.debugDescription): \(response.status)")
                }
            }
            #expect(try await AttachmentModel.query(on: desk.db).count() == 0)
            #expect(try await desk.request(.GET, "/health").status == .ok)
        }
    }

    /// Mutations of a valid upload never reach a 500 (or a trap, which would stop this test
    /// process); what is stored is exactly what a reader of the mutated body would expect.
    @Test func mutatedMultipartUploadsNeverCrashTheServer() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            let valid = Array(Multipart.body(file: "run.log", content: "line\r\n--switchboard\r\nend", visibility: "public").utf8)
            let splices: [[UInt8]] = [[13, 10], [13], [0xB8], [0xC3, 0xA4], Array("--\(Multipart.boundary)".utf8), [58], [34], [0]]
            var generator = SeededGenerator(seed: 7578)
            var created = 0
            for _ in 0..<300 {
                var bytes = valid
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    if Bool.random(using: &generator) {
                        bytes[index] = UInt8.random(in: 0...255, using: &generator)
                    } else {
                        bytes.insert(contentsOf: splices.randomElement(using: &generator)!, at: index)
                    }
                }
                let response = try await desk.app.testing().sendRequest(.POST, "/api/v1/tickets/\(id)/attachments",
                    headers: ["Content-Type": "multipart/form-data; boundary=\(Multipart.boundary)",
                              "Authorization": "Bearer \(cast.alice.token)"], body: ByteBuffer(bytes: bytes))
                #expect(response.status.code < 500, "\(response.status): \(response.body.string)")
                if response.status == .created { created += 1 }
            }
            #expect(created > 0)
            #expect(try await AttachmentModel.query(on: desk.db).count() == created)
            #expect(try await desk.request(.GET, "/health").status == .ok)
        }
    }

    @Test func anUploadArrivesByteForByteWhateverItContains() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            // Content that looks like framing (a canonical boundary's prefix, most of the sender's
            // boundary), and 8-bit bytes.
            let content: [UInt8] = Array("\r\n--switchboard-\r\n--\(Multipart.boundary.dropLast())\r\n".utf8) + [0, 0xB8, 0xFF, 13, 10]
            var body = Array("--\(Multipart.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r\u{E9}sum\u{E9}.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += content + Array("\r\n--\(Multipart.boundary)--\r\n".utf8)
            let response = try await desk.app.testing().sendRequest(.POST, "/api/v1/tickets/\(id)/attachments",
                headers: ["Content-Type": "multipart/form-data; boundary=\(Multipart.boundary)",
                          "Authorization": "Bearer \(cast.alice.token)"], body: ByteBuffer(bytes: body))
            #expect(response.status == .created, "\(response.body.string)")
            let attachment = try response.content.decode(TicketJSON.Attachment.self)
            #expect(attachment.filename == "r\u{E9}sum\u{E9}.bin")
            let download = try await desk.request(.GET, attachment.url, as: cast.alice)
            #expect(Array(download.body.readableBytesView) == content)
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"r_sum_.bin\"; filename*=UTF-8''r%C3%A9sum%C3%A9.bin")
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

extension RobustnessTests {
    /// Form-encoded bodies and query strings go through Vapor's URL-encoded form parser on every
    /// route that reads them (the web forms, list filters, and the API when a client sends them).
    @Test func randomFormEncodedBodiesAndQueriesNeverCrashTheServer() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var generator = SeededGenerator(seed: 1866)
            let pieces = ["a", "email", "password", "status", "=", "&", "[", "]", "[]", "[0]", "[99999999999999999999]", "%", "%zz",
                          "%00", "%C3%A4", "%FF", "+", ";", "é", String(repeating: "[a]", count: 200), String(repeating: "[", count: 500)]
            for round in 0..<300 {
                let text = (0..<Int.random(in: 1...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let path = ["/api/v1/tokens", "/api/v1/tickets", "/sign-in", "/api/v1/tickets/\(id)/comments"].randomElement(using: &generator)!
                let response = try await desk.request(.POST, path, as: path.hasPrefix("/api/v1/tickets") ? cast.triage : nil, rawBody: text,
                                                      headers: ["Content-Type": "application/x-www-form-urlencoded"])
                #expect(response.status.code < 500, "\(round): \(path) ← \(text.prefix(80))")
                let query = try await desk.request(.GET, "/api/v1/tickets?\(text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")", as: cast.triage)
                #expect(query.status.code < 500, "\(round): query \(text.prefix(80))")
            }
            #expect(try await desk.request(.GET, "/health").status == .ok)
        }
    }
}
