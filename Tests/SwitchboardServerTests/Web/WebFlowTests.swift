import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

/// The web interface's sign-in, CSRF and permission handling, through the real routes.
@Suite struct WebFlowTests {
    struct Browser {
        var desk: TestHelpdesk
        var cookies: [String: String] = [:]

        var cookieHeader: HTTPHeaders {
            var headers = HTTPHeaders()
            if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
            return headers
        }

        mutating func get(_ path: String) async throws -> TestingHTTPResponse {
            let response = try await desk.request(.GET, path, headers: cookieHeader)
            keep(response)
            return response
        }

        mutating func post(_ path: String, form: [String: String]) async throws -> TestingHTTPResponse {
            try await post(path, fields: form.map { ($0.key, $0.value) })
        }

        /// A form whose fields may repeat (checkboxes of one name).
        mutating func post(_ path: String, fields: [(String, String)]) async throws -> TestingHTTPResponse {
            var headers = cookieHeader
            headers.contentType = .urlEncodedForm
            let body = fields.map { "\($0.0.urlEncoded)=\($0.1.urlEncoded)" }.joined(separator: "&")
            let response = try await desk.request(.POST, path, rawBody: body, headers: headers)
            keep(response)
            return response
        }

        mutating func keep(_ response: TestingHTTPResponse) {
            for (name, value) in response.headers.setCookie?.all ?? [:] {
                if value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
            }
        }

        static func csrf(in html: String) -> String? {
            guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
            let rest = html[range.upperBound...]
            return String(rest[..<rest.firstIndex(of: "\"")!])
        }

        mutating func signIn(_ email: String) async throws {
            let page = try await get("/sign-in")
            let response = try await post("/sign-in", form: ["_csrf": Self.csrf(in: page.body.string)!, "email": email, "password": "correct horse battery"])
            #expect(response.status == .seeOther, "\(response.body.string)")
        }
    }

    @Test func signingInSetsAProtectedSessionCookie() async throws {
        try await TestHelpdesk.with { desk in
            _ = try await desk.cast()
            var browser = Browser(desk: desk)
            var response = try await browser.get("/tickets")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/sign-in?next=/tickets")
            let page = try await browser.get("/sign-in")
            let csrf = Browser.csrf(in: page.body.string)!
            response = try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "correct horse battery", "next": "/tickets/new"])
            #expect(response.headers.first(name: .location) == "/tickets/new")
            let cookie = response.headers.setCookie?[WebCookies.session]
            #expect(cookie?.isHTTPOnly == true && cookie?.sameSite == .lax && cookie?.isSecure == false)
            response = try await browser.get("/tickets")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("My tickets"))

            // Signing out ends the session on the server, not just in the browser.
            let stolen = browser.cookies[WebCookies.session]!
            response = try await browser.post("/sign-out", form: ["_csrf": Browser.csrf(in: try await browser.get("/tickets").body.string)!])
            #expect(response.status == .seeOther)
            var thief = Browser(desk: desk, cookies: [WebCookies.session: stolen])
            #expect(try await thief.get("/tickets").status == .seeOther)
        }
    }

    @Test func formsWithoutTheSessionsTokenAreRefused() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var browser = Browser(desk: desk)
            try await browser.signIn("alice@example.edu")
            for token in [nil, "", "sb_forged"] as [String?] {
                var form = ["subject": "forged", "description": "forged"]
                form["_csrf"] = token
                let response = try await browser.post("/tickets/new", form: form)
                #expect(response.status == .forbidden)
            }
            // The sign-in form too needs its double-submit token.
            var stranger = Browser(desk: desk)
            let response = try await stranger.post("/sign-in", form: ["email": "alice@example.edu", "password": "correct horse battery"])
            #expect(response.status == .forbidden)
            #expect(try await desk.request(.GET, "/api/v1/tickets", as: cast.triage).content.decode(ListJSON.self).items.isEmpty)
        }
    }

    @Test func pagesCheckPermissionsOnTheServer() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await desk.fileTicket(as: cast.alice)
            var bob = Browser(desk: desk)
            try await bob.signIn("bob@example.net")
            #expect(try await bob.get("/tickets/\(id)").status == .notFound)
            #expect(try await bob.get("/admin/users").status == .forbidden)
            #expect(try await bob.get("/admin/units/new").status == .forbidden)
            let csrf = Browser.csrf(in: try await bob.get("/tickets").body.string)!
            // Hidden buttons are not the check: a hand-made post is refused too.
            var response = try await bob.post("/tickets/\(id)/note", form: ["_csrf": csrf, "body": "sneaky"])
            #expect(response.status == .notFound)
            response = try await bob.post("/admin/users", form: ["_csrf": csrf, "email": "x@example.org", "displayName": "X", "password": "long enough password"])
            #expect(response.status == .forbidden)
            var alice = Browser(desk: desk)
            try await alice.signIn("alice@example.edu")
            let aliceToken = Browser.csrf(in: try await alice.get("/tickets/\(id)").body.string)!
            response = try await alice.post("/tickets/\(id)/note", form: ["_csrf": aliceToken, "body": "sneaky"])
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("You are not allowed to write internal notes"))
            #expect(try await desk.events(id, as: cast.triage).map(\.kind) == ["created"])
        }
    }

    @Test func theSignInIsLimitedPerAccount() async throws {
        try await TestHelpdesk.with { desk in
            _ = try await desk.cast()
            var browser = Browser(desk: desk)
            for _ in 0..<5 {
                let csrf = Browser.csrf(in: try await browser.get("/sign-in").body.string)!
                let response = try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "guess"])
                #expect(response.status == .unauthorized)
            }
            let csrf = Browser.csrf(in: try await browser.get("/sign-in").body.string)!
            var response = try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "correct horse battery"])
            #expect(response.status == .tooManyRequests)
            // The window passes on the helpdesk's clock.
            desk.time.advance(by: 16 * 60)
            response = try await browser.post("/sign-in", form: ["_csrf": csrf, "email": "alice@example.edu", "password": "correct horse battery"])
            #expect(response.status == .seeOther)
        }
    }

    @Test func adminsEditUsersAndUnitMembersInThePages() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var admin = Browser(desk: desk)
            try await admin.signIn("admin@example.org")
            let csrf = Browser.csrf(in: try await admin.get("/admin/users").body.string)!
            var response = try await admin.post("/admin/users/\(cast.bob.id)/edit", form: ["_csrf": csrf, "displayName": "Bob the Admin", "isAdmin": "true"])
            #expect(response.status == .ok)
            #expect(try await UserModel.find(cast.bob.id, on: desk.db)?.isAdmin == true)
            response = try await admin.post("/units/\(cast.dmsu)/members", form: ["_csrf": csrf, "email": "bob@example.net", "role": "member"])
            #expect(response.body.string.contains("Bob the Admin is now a member."))
            response = try await admin.post("/units/\(cast.dmsu)/members", form: ["_csrf": csrf, "email": "nobody@example.net", "role": "member"])
            #expect(response.status == .unprocessableEntity)
            response = try await admin.post("/units/\(cast.dmsu)/members/\(cast.bob.id)/remove", form: ["_csrf": csrf])
            #expect(response.body.string.contains("The member was removed."))
            response = try await admin.post("/admin/units/\(cast.dcache)/edit", form: [
                "_csrf": csrf, "name": "dCache", "tier": "third-line", "parent": cast.dcache.uuidString, "mailingList": "dcache@example.org",
                "serviceLevel": "level-1", "timeZone": "Europe/Berlin"])
            #expect(response.status == .unprocessableEntity, "a unit cannot be its own parent")
            #expect(response.body.string.contains("A unit cannot be part of itself"))
        }
    }
}

extension String {
    var urlEncoded: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self }
}
