import Crypto
import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

struct WebhookJSON: Codable {
    var id: UUID
    var url: String
    var secret: String?
    var unit: String?
    var events: [String]
    var includeInternal: Bool
    var active: Bool
    var deactivatedReason: String?
}

struct WebhookDeliveryJSON: Codable {
    var id: UUID
    var eventKind: String
    var ticket: Int?
    var state: String
    var attempts: Int
    var lastStatusCode: Int?
    var lastDurationMs: Int?
    var lastError: String?
}

/// Webhooks against a real HTTP endpoint on the loopback: signed deliveries, at least once and
/// not twice, retries after the endpoint was down, a bounded wait for a slow one, 410 switches
/// the endpoint off, internal events only where asked for and allowed.
@Suite struct WebhookDeliveryTests {
    static let secret = "a-secret-of-sufficient-length"

    static func register(_ desk: TestHelpdesk, _ person: TestHelpdesk.Person, _ input: WebhookInput) async throws -> TestingHTTPResponse {
        try await desk.request(.POST, "/api/v1/webhooks", as: person, json: input)
    }

    static func hook(_ desk: TestHelpdesk, _ person: TestHelpdesk.Person, url: String, unit: String? = nil, events: [String]? = nil,
                     withInternal: Bool = false) async throws -> WebhookJSON {
        let response = try await register(desk, person, WebhookInput(url: url, secret: secret, unit: unit, events: events, includeInternal: withInternal))
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(WebhookJSON.self)
    }

    static func sender(_ desk: TestHelpdesk, timeout: Int64 = 5) -> WebhookSender {
        WebhookSender(helpdesk: desk.helpdesk, client: .shared, timeoutSeconds: timeout)
    }

    static func log(_ desk: TestHelpdesk, _ hook: WebhookJSON, as person: TestHelpdesk.Person) async throws -> [WebhookDeliveryJSON] {
        try await desk.request(.GET, "/api/v1/webhooks/\(hook.id)/deliveries", as: person).content.decode([WebhookDeliveryJSON].self)
    }

    /// What a receiver does with the signature header: recompute and compare.
    static func verifies(_ received: WebhookReceiver.Received, secret: String) -> Bool {
        guard let header = received.headers.first(name: "Switchboard-Signature") else { return false }
        let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
        })
        guard let timestamp = parts["t"], let signature = parts["v1"] else { return false }
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(received.body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined() == signature
    }

    @Test func aSignedDeliveryArrivesOnceEvenWhenTheWorkerStartsAgain() async throws {
        let receiver = try await WebhookReceiver.start()
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let hook = try await Self.hook(desk, cast.admin, url: receiver.url, events: ["created"])
            let id = try await desk.fileTicket(as: cast.alice, subject: "Seen by the other helpdesk")
            _ = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "not a created event"])
            let report = try await Self.sender(desk).deliver()
            #expect(report.delivered == 1)
            let received = try #require(receiver.requests.first)
            #expect(receiver.requests.count == 1)
            #expect(Self.verifies(received, secret: Self.secret), "the receiver can check the signature")
            #expect(!Self.verifies(received, secret: "another-secret-of-length"))
            #expect(received.headers.first(name: "Switchboard-Event") == "created")
            let event = try JSONDecoder().decode(EventJSON.self, from: Data(received.body.utf8))
            #expect(event.kind == "created" && event.visibility == "public")
            #expect(received.body.contains("\"ticket\":\(id)"))

            // A new worker (after a restart) sends nothing twice.
            #expect(try await Self.sender(desk).deliver() == WebhookDeliveryReport())
            #expect(receiver.requests.count == 1)
            let log = try await Self.log(desk, hook, as: cast.admin)
            #expect(log.count == 1 && log[0].state == "delivered" && log[0].lastStatusCode == 204 && log[0].attempts == 1 && log[0].ticket == id)

            // Redelivered by hand: a new delivery with the same body.
            let again = try await desk.request(.POST, "/api/v1/webhooks/\(hook.id)/deliveries/\(log[0].id)/redelivery", as: cast.admin)
            #expect(again.status == .created)
            #expect(try await Self.sender(desk).deliver().delivered == 1)
            #expect(receiver.requests.count == 2 && receiver.requests[1].body == received.body)
            #expect(receiver.requests[1].headers.first(name: "Switchboard-Delivery") != received.headers.first(name: "Switchboard-Delivery"))
        }
        await receiver.stop()
    }

    @Test func aDeliveryIsRetriedAfterTheEndpointWasDown() async throws {
        let first = try await WebhookReceiver.start()
        let port = first.port
        await first.stop()
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let hook = try await Self.hook(desk, cast.admin, url: "http://127.0.0.1:\(port)/hook")
            _ = try await desk.fileTicket(as: cast.alice)
            #expect(try await Self.sender(desk).deliver().deferred == 1)
            let waiting = try #require(try await Self.log(desk, hook, as: cast.admin).first)
            #expect(waiting.state == "pending" && waiting.attempts == 1 && waiting.lastError?.hasPrefix("Not reached") == true)
            // Not due yet: nothing is tried.
            #expect(try await Self.sender(desk).deliver() == WebhookDeliveryReport())

            let receiver = try await WebhookReceiver.start(port: port)
            desk.time.advance(by: WebhookRules.firstRetrySeconds + 1)
            #expect(try await Self.sender(desk).deliver().delivered == 1)
            #expect(receiver.requests.count == 1)
            let delivered = try #require(try await Self.log(desk, hook, as: cast.admin).first)
            #expect(delivered.state == "delivered" && delivered.attempts == 2 && delivered.lastError == nil)
            await receiver.stop()
        }
    }

    @Test func aSlowEndpointIsGivenABoundedWait() async throws {
        // The endpoint answers after 8 s; the worker gives it 1 s. The bound between them leaves
        // room for a loaded machine (a parallel PostgreSQL run once took 3.6 s for the 1 s wait).
        let receiver = try await WebhookReceiver.start(delaySeconds: 8)
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let hook = try await Self.hook(desk, cast.admin, url: receiver.url)
            _ = try await desk.fileTicket(as: cast.alice)
            let started = Date()
            #expect(try await Self.sender(desk, timeout: 1).deliver().deferred == 1)
            #expect(Date().timeIntervalSince(started) < 6, "the worker did not wait for the endpoint")
            let attempt = try #require(try await Self.log(desk, hook, as: cast.admin).first)
            #expect(attempt.state == "pending" && attempt.lastError == "No answer within 1 s." && (attempt.lastDurationMs ?? 0) >= 900)
        }
        await receiver.stop()
    }

    @Test func goneSwitchesTheEndpointOff() async throws {
        let receiver = try await WebhookReceiver.start(status: .gone)
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let hook = try await Self.hook(desk, cast.admin, url: receiver.url)
            let id = try await desk.fileTicket(as: cast.alice)
            #expect(try await Self.sender(desk).deliver().failed == 1)
            let now = try await desk.request(.GET, "/api/v1/webhooks/\(hook.id)", as: cast.admin).content.decode(WebhookJSON.self)
            #expect(!now.active && now.deactivatedReason?.contains("410") == true)
            _ = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.alice, json: ["body": "More"])
            #expect(try await Self.log(desk, hook, as: cast.admin).count == 1, "nothing more is queued for it")
            #expect(try await desk.request(.POST, "/api/v1/webhooks/\(hook.id)/deliveries/\(try await Self.log(desk, hook, as: cast.admin)[0].id)/redelivery",
                                           as: cast.admin).status == .conflict)
        }
        await receiver.stop()
    }

    @Test func internalEventsGoOnlyWhereAskedForAndAllowed() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let url = "http://127.0.0.1:9/hook"
            // Who registers what.
            #expect(try await Self.register(desk, cast.alice, WebhookInput(url: url, unit: "DMSU")).status == .forbidden)
            #expect(try await Self.register(desk, cast.developer, WebhookInput(url: url, unit: "dCache")).status == .forbidden, "a member, not a unit admin")
            #expect(try await Self.register(desk, cast.expert, WebhookInput(url: url, unit: "dCache")).status == .forbidden, "not the expert's unit")
            #expect(try await Self.register(desk, cast.expert, WebhookInput(url: url)).status == .forbidden, "every unit: administrators only")
            for bad in [WebhookInput(url: "ftp://example.org/hook"), WebhookInput(url: "https://user:pw@example.org/"),
                        WebhookInput(url: url, secret: "short"), WebhookInput(url: url, events: ["exploded"])] {
                #expect(try await Self.register(desk, cast.admin, bad).status == .unprocessableEntity)
            }
            let everything = try await Self.hook(desk, cast.admin, url: url, withInternal: true)
            let publicOnly = try await Self.hook(desk, cast.admin, url: url)
            let dmsu = try await Self.hook(desk, cast.expert, url: url, unit: "DMSU", withInternal: true)

            let id = try await desk.fileTicket(as: cast.alice)
            _ = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.triage, json: ["body": "Internal at TPM", "visibility": "internal"])
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"]).status == .ok)
            _ = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.expert, json: ["body": "Internal at DMSU", "visibility": "internal"])

            func kinds(_ hook: WebhookJSON, as person: TestHelpdesk.Person) async throws -> [String] {
                try await Self.log(desk, hook, as: person).reversed().map(\.eventKind)
            }
            #expect(try await kinds(everything, as: cast.admin) == ["created", "comment-internal", "assigned-to-unit", "comment-internal"])
            #expect(try await kinds(publicOnly, as: cast.admin) == ["created", "assigned-to-unit"])
            #expect(try await kinds(dmsu, as: cast.expert) == ["assigned-to-unit", "comment-internal"], "DMSU's events only, from its arrival")
            let payloads = try await WebhookDeliveryModel.query(on: desk.db).filter(\.$webhook.$id == publicOnly.id).all().map(\.payload)
            #expect(!payloads.contains { $0.contains("Internal at") }, "no internal text reaches an endpoint that did not ask for it")

            // The expert leaves DMSU: internal events stop going to the endpoint they registered.
            let membership = try #require(try await MembershipModel.query(on: desk.db).filter(\.$user.$id == cast.expert.id).first())
            try await membership.delete(on: desk.db)
            _ = try await desk.request(.POST, "/api/v1/tickets/\(id)/comments", as: cast.admin, json: ["body": "Internal later", "visibility": "internal"])
            #expect(try await WebhookDeliveryModel.query(on: desk.db).filter(\.$webhook.$id == dmsu.id).count() == 2)
        }
    }

    @Test func theSecretIsShownOnceAndNeverAgain() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let created = try await Self.register(desk, cast.expert, WebhookInput(url: "https://helpdesk.example.org/switchboard", unit: "DMSU"))
            #expect(created.status == .created)
            let hook = try created.content.decode(WebhookJSON.self)
            let secret = try #require(hook.secret)
            #expect(secret.count == 64 && secret.allSatisfy(\.isHexDigit))
            for path in ["/api/v1/webhooks", "/api/v1/webhooks/\(hook.id)"] {
                let body = try await desk.request(.GET, path, as: cast.expert).body.string
                #expect(!body.contains(secret) && !body.contains("\"secret\""), "\(path)")
            }
            let changed = try await desk.request(.PATCH, "/api/v1/webhooks/\(hook.id)", as: cast.expert, json: WebhookInput(secret: Self.secret, active: false))
            #expect(changed.status == .ok && !changed.body.string.contains(Self.secret))
            #expect(try changed.content.decode(WebhookJSON.self).deactivatedReason?.hasPrefix("Switched off by Eva Expert") == true)
            let other = try await desk.request(.GET, "/api/v1/webhooks/\(hook.id)", as: cast.developer).status
            #expect(other == .notFound, "another unit's member does not see it")
            #expect(try await desk.request(.DELETE, "/api/v1/webhooks/\(hook.id)", as: cast.expert).status == .noContent)
        }
    }

    @Test func theWebhooksPageRegistersShowsTheLogAndSwitchesOff() async throws {
        let receiver = try await WebhookReceiver.start()
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let empty = try await expert.get("/webhooks").body.string
            #expect(empty.contains("No endpoints yet.") && empty.contains(">DMSU</option>") && !empty.contains(">Every unit</option>"))
            let token = WebFlowTests.Browser.csrf(in: empty)!
            let refused = try await expert.post("/webhooks", fields: [("_csrf", token), ("url", "gopher://x"), ("unit", cast.dmsu.uuidString)])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("http or https"))
            let registered = try await expert.post("/webhooks", fields: [
                ("_csrf", token), ("url", receiver.url), ("unit", cast.dmsu.uuidString), ("events", "assigned-to-unit"), ("events", "comment-public"),
                ("includeInternal", "false"), ("secret", "")])
            let page = registered.body.string
            #expect(registered.status == .ok && page.contains("Its secret, shown only now: "), "\(page.prefix(600))")
            #expect(page.contains("DMSU · assigned-to-unit, comment-public"))

            let id = try await desk.fileTicket(as: cast.alice)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"]).status == .ok)
            #expect(try await Self.sender(desk).deliver().delivered == 1)
            let log = try await expert.get("/webhooks").body.string
            #expect(log.contains("Assigned to unit") && log.contains(">204<") && log.contains("href=\"/tickets/\(id)\""))
            #expect(!log.contains(receiver.requests[0].headers.first(name: "Switchboard-Signature") ?? "never"), "no signature on the page")

            let hook = try #require(try await WebhookModel.query(on: desk.db).first())
            let off = try await expert.post("/webhooks/\(hook.id!.uuidString)/off", fields: [("_csrf", token)])
            #expect(off.status == .seeOther)
            #expect(try await expert.get("/webhooks").body.string.contains("Switched off by Eva Expert"))
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn(cast.alice.email)
            #expect(try await alice.get("/webhooks").status == .forbidden)
        }
        await receiver.stop()
    }
}

