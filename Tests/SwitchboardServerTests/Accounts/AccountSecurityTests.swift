import Fluent
import Foundation
import NIOCore
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Password checks share one limiter; a new password ends what the old one opened; client
/// addresses come from a proxy only when it is trusted.
@Suite struct AccountSecurityTests {
    static let right = ["email": "alice@example.edu", "password": "correct horse battery"]
    static let wrong = ["email": "alice@example.edu", "password": "wrong password!"]

    /// Issue 9, defect 6: 40 wrong passwords to POST /api/v1/tokens were all answered 401 and
    /// the right one then 201; an account locked for the web still got a token.
    @Test func theTokenEndpointAndTheWebSignInShareOneLimit() async throws {
        try await TestHelpdesk.with { desk in
            _ = try await desk.cast()
            for _ in 0..<5 {
                #expect(try await desk.request(.POST, "/api/v1/tokens", json: Self.wrong).status == .unauthorized)
            }
            let locked = try await desk.request(.POST, "/api/v1/tokens", json: Self.right)
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers.first(name: .retryAfter) ?? "") ?? 0 > 800)
            // The web sign-in is locked for the same account.
            var browser = WebFlowTests.Browser(desk: desk)
            let csrf = WebFlowTests.Browser.csrf(in: try await browser.get("/sign-in").body.string)!
            #expect(try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "correct horse battery"]).status
                    == .tooManyRequests)
            desk.time.advance(by: 15 * 60 + 1)
            #expect(try await desk.request(.POST, "/api/v1/tokens", json: Self.right).status == .created)
        }
    }

    @Test func aWrongCurrentPasswordCountsLikeAFailedSignIn() async throws {
        try await TestHelpdesk.with { desk in
            _ = try await desk.cast()
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn("alice@example.edu")
            for _ in 0..<5 {
                let csrf = WebFlowTests.Browser.csrf(in: try await alice.get("/account").body.string)!
                let response = try await alice.post("/account/password", form: ["_csrf": csrf, "current": "guess guess guess", "new": "a new long password"])
                #expect(response.status == .unprocessableEntity)
            }
            let csrf = WebFlowTests.Browser.csrf(in: try await alice.get("/account").body.string)!
            let locked = try await alice.post("/account/password", form: ["_csrf": csrf, "current": "correct horse battery", "new": "a new long password"])
            #expect(locked.status == .tooManyRequests && locked.body.string.contains("Too many failed attempts"))
            #expect(try await desk.request(.POST, "/api/v1/tokens", json: Self.right).status == .tooManyRequests)
        }
    }

    /// Issue 9, defect 7: tokens issued before a password change kept working.
    @Test func aNewPasswordRevokesTheOldTokens() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            #expect(try await desk.request(.GET, "/api/v1/users/me", as: cast.alice).status == .ok)
            var alice = WebFlowTests.Browser(desk: desk)
            try await alice.signIn("alice@example.edu")
            let csrf = WebFlowTests.Browser.csrf(in: try await alice.get("/account").body.string)!
            let changed = try await alice.post("/account/password", form: ["_csrf": csrf, "current": "correct horse battery", "new": "a new long password"])
            #expect(changed.status == .ok && changed.body.string.contains("API tokens were revoked"))
            #expect(try await desk.request(.GET, "/api/v1/users/me", as: cast.alice).status == .unauthorized)
            // The browser that changed it stays signed in.
            #expect(try await alice.get("/account").status == .ok)
            // An administrator's reset does the same.
            #expect(try await desk.request(.GET, "/api/v1/users/me", as: cast.bob).status == .ok)
            _ = try await desk.helpdesk.accounts.updateUser(cast.bob.id, UserUpdateInput(password: "reset by the admin"), by: Acting.system.asAdministrator)
            #expect(try await desk.request(.GET, "/api/v1/users/me", as: cast.bob).status == .unauthorized)
        }
    }

    @Test func theClientAddressComesFromAProxyOnlyWhenItIsTrusted() async throws {
        try await TestHelpdesk.with { desk in
            func address(peer: String, forwarded: String?, trusted: [String]) -> String {
                var headers = HTTPHeaders()
                if let forwarded { headers.add(name: .xForwardedFor, value: forwarded) }
                let request = Request(application: desk.app, method: .GET, url: "/", headers: headers,
                                      remoteAddress: try! SocketAddress(ipAddress: peer, port: 40000), on: desk.app.eventLoopGroup.any())
                return ClientAddress.of(request, trustedProxies: trusted)
            }
            #expect(address(peer: "192.0.2.7", forwarded: "203.0.113.9", trusted: []) == "192.0.2.7", "no proxy trusted: the header is ignored")
            #expect(address(peer: "192.0.2.7", forwarded: "203.0.113.9", trusted: ["10.0.0.1"]) == "192.0.2.7", "not from the proxy")
            #expect(address(peer: "10.0.0.1", forwarded: "203.0.113.9", trusted: ["10.0.0.1"]) == "203.0.113.9")
            // The client may send its own header; the proxy appends the real address last.
            #expect(address(peer: "10.0.0.1", forwarded: "198.51.100.1, 203.0.113.9", trusted: ["10.0.0.1"]) == "203.0.113.9")
            #expect(address(peer: "10.0.0.1", forwarded: "203.0.113.9, 10.0.0.2", trusted: ["10.0.0.1", "10.0.0.2"]) == "203.0.113.9")
            #expect(address(peer: "10.0.0.1", forwarded: "not-an-address", trusted: ["10.0.0.1"]) == "10.0.0.1")
            #expect(address(peer: "::ffff:10.0.0.1", forwarded: "2001:db8::1", trusted: ["10.0.0.1"]) == "2001:db8::1")
            #expect(ClientAddress.normalised("2001:DB8:0:0::1") == "2001:db8::1")
            #expect(ClientAddress.normalised("proxy.example.org") == nil)
        }
    }

    /// Issue 9, defect 6: behind a proxy every client had the proxy's address, so 20 failures
    /// of anyone locked everyone out.
    @Test func behindATrustedProxyOneClientsFailuresDoNotLockOutOthers() async throws {
        try await TestHelpdesk.with(configure: { $0.trustedProxies = ["127.0.0.1"] }) { desk in
            _ = try await desk.cast()
            try await desk.withServer { port in
                for index in 0..<20 {
                    let status = try await Self.tokenRequest(port: port, ["email": "nobody\(index)@example.org", "password": "guess guess"], from: "203.0.113.66")
                    #expect(status == 401)
                }
                let sameClient = try await Self.tokenRequest(port: port, ["email": "bob@example.net", "password": "correct horse battery"], from: "203.0.113.66")
                let otherClient = try await Self.tokenRequest(port: port, ["email": "bob@example.net", "password": "correct horse battery"], from: "198.51.100.20")
                #expect(sameClient == 429)
                #expect(otherClient == 201)
            }
        }
    }

    /// POST /api/v1/tokens over a real connection, as if forwarded by a proxy for `client`.
    static func tokenRequest(port: Int, _ body: [String: String], from client: String) async throws -> Int? {
        let json = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        return try await onOwnThread {
            let connection = try RawHTTPConnection(port: port)
            connection.send("POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \(client)\r\nContent-Type: application/json\r\n"
                            + "Content-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n" + json)
            return RawHTTPConnection.status(connection.readUntilClosed())
        }
    }
}
