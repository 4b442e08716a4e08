import AsyncHTTPClient
import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

/// Signing in through a real OpenID Connect provider (`oidc-provider-mock` on the loopback):
/// the whole browser round trip through the helpdesk's routes and the provider's login form.
@Suite(.enabled(if: TestOpenIDProvider.isInstalled, "oidc-provider-mock is not installed (pip install oidc-provider-mock; .ci/run installs it)"))
struct FederatedSignInTests {
    typealias Browser = WebFlowTests.Browser
    static let dmsuMember = "urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu"
    static let atlasMember = "urn:mace:egi.eu:group:atlas:role=member#aai.egi.eu"

    static func settings(_ idp: TestOpenIDProvider, passwordSignIn: Bool = true) -> (inout SwitchboardConfiguration) -> Void {
        { configuration in
            configuration.oidcProviders = [OIDCProvider(key: "check-in", name: "EGI Check-in", issuer: idp.issuer, clientID: "switchboard",
                                                        clientSecret: "client-secret")]
            configuration.passwordSignIn = passwordSignIn
            // The provider is a Python process; with every suite running at once it can be slow.
            configuration.oidcTimeoutSeconds = 60
        }
    }

    /// Starts a sign-in in `browser`: the provider's address it is sent to.
    static func start(_ browser: inout Browser, next: String? = nil) async throws -> String {
        let response = try await browser.get("/sign-in/oidc/check-in" + (next.map { "?next=\($0)" } ?? ""))
        #expect(response.status == .seeOther, "\(response.body.string)")
        return try #require(response.headers.first(name: .location))
    }

    /// The path and query the provider sends the browser back to, after `sub` signed in there.
    static func answer(_ idp: TestOpenIDProvider, to url: String, as sub: String) async throws -> String {
        let back = try #require(URLComponents(string: try await idp.authorize(url, as: sub)))
        #expect(back.path == "/sign-in/oidc/check-in/callback")
        return back.path + "?" + (back.percentEncodedQuery ?? "")
    }

    /// A whole sign-in of `sub`: the callback's answer.
    static func signIn(_ browser: inout Browser, _ idp: TestOpenIDProvider, as sub: String, next: String? = nil) async throws -> TestingHTTPResponse {
        let url = try await start(&browser, next: next)
        return try await browser.get(try await answer(idp, to: url, as: sub))
    }

    @Test func aFirstSignInCreatesTheAccountAndRulesGiveMemberships() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp)) { desk in
            let cast = try await desk.cast()
            let rule = try await desk.request(.POST, "/api/v1/entitlement-rules", as: cast.admin,
                                              json: ["entitlement": "urn:mace:egi.eu:group:dmsu:role=member", "unit": cast.dmsu.uuidString])
            #expect(rule.status == .created, "\(rule.body.string)")
            try await idp.setUser("c0ffee@egi.eu", claims: ["email": "Carla@Grid.example.org", "email_verified": true, "name": "Carla Expert",
                                                            "eduperson_entitlement": [Self.dmsuMember, Self.atlasMember]])
            var browser = Browser(desk: desk)
            let url = try await Self.start(&browser, next: "/tickets/new")
            let query = Dictionary(uniqueKeysWithValues: (URLComponents(string: url)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(url.hasPrefix(idp.issuer + "/oauth2/authorize"))
            #expect(query["client_id"] == "switchboard" && query["response_type"] == "code" && query["code_challenge_method"] == "S256")
            #expect(query["scope"] == "openid email profile" && query["redirect_uri"] == "http://127.0.0.1:8080/sign-in/oidc/check-in/callback")
            #expect((query["state"]?.count ?? 0) >= 40 && (query["nonce"]?.count ?? 0) >= 40 && (query["code_challenge"]?.count ?? 0) == 43)
            let done = try await browser.get(try await Self.answer(idp, to: url, as: "c0ffee@egi.eu"))
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/tickets/new", "\(done.body.string)")
            #expect(browser.cookies[WebCookies.session] != nil && browser.cookies[WebCookies.providerSignIn] == nil)

            // The account: address and name from the claims, no password, the VO offered.
            let user = try #require(try await desk.helpdesk.accounts.find(email: "carla@grid.example.org"))
            #expect(user.displayName == "Carla Expert" && user.passwordHash == PasswordHashing.unusable)
            let form = try await browser.get("/tickets/new")
            #expect(form.body.string.contains("<datalist id=\"vo-choices\"><option value=\"atlas\"></option><option value=\"dmsu\"></option></datalist>"))
            // The rule made her a member of DMSU, marked as the rule's.
            let membership = try #require(try await MembershipModel.query(on: desk.db).filter(\.$user.$id == user.requireID()).first())
            #expect(membership.$unit.id == cast.dmsu && membership.role == .member && membership.grantedByRule != nil)
            let account = try await browser.get("/account")
            #expect(account.body.string.contains("EGI Check-in (c0ffee@egi.eu)") && !account.body.string.contains("Change password"))

            // A membership given by hand stays; the rule's follows the claims at the next sign-in.
            _ = try await desk.helpdesk.units.addMember(unitID: cast.tpm, userID: try user.requireID(), role: .member, by: Acting.system.asAdministrator)
            try await idp.setUser("c0ffee@egi.eu", claims: ["email": "carla@grid.example.org", "name": "Carla Expert", "eduperson_entitlement": [Self.atlasMember]])
            var again = Browser(desk: desk)
            #expect(try await Self.signIn(&again, idp, as: "c0ffee@egi.eu").status == .seeOther)
            let units = try await MembershipModel.query(on: desk.db).filter(\.$user.$id == user.requireID()).all().map(\.$unit.id)
            #expect(units == [cast.tpm])
            #expect(try await UserModel.query(on: desk.db).filter(\.$email == "carla@grid.example.org").count() == 1, "no second account")
        }
    }

    @Test func theUserinfoIsReadWhenConfigured() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: { configuration in
            Self.settings(idp)(&configuration)
            configuration.oidcProviders[0].readsUserinfo = true
        }) { desk in
            try await idp.setUser("hugo@egi.eu", claims: ["email": "hugo@example.org", "name": "Hugo Userinfo", "eduperson_entitlement": Self.atlasMember])
            var browser = Browser(desk: desk)
            #expect(try await Self.signIn(&browser, idp, as: "hugo@egi.eu").status == .seeOther)
            let user = try #require(try await desk.helpdesk.accounts.find(email: "hugo@example.org"))
            #expect(try await desk.helpdesk.identities.virtualOrganisations(of: user.requireID()) == ["atlas"])
        }
        // Where both speak, the userinfo's claims win; the ID token's stay where it is silent.
        var claims = try IDTokenClaimsTests.claims(["email": "old@example.org", "name": "Old", "eduperson_entitlement": ["a"]])
        claims.merge(try JSONDecoder().decode(UserinfoClaims.self, from: Data(#"{"sub": "123@egi.eu", "email": "new@example.org", "email_verified": "true"}"#.utf8)))
        #expect(claims.email == "new@example.org" && claims.emailVerified && claims.name == "Old" && claims.entitlements == ["a"])
    }

    @Test func aWrongStateAReplayedAnswerAndAnotherBrowserAreRefused() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp)) { desk in
            try await idp.setUser("dan@egi.eu", claims: ["email": "dan@example.org"])
            var browser = Browser(desk: desk)
            let url = try await Self.start(&browser)
            let callback = try await Self.answer(idp, to: url, as: "dan@egi.eu")
            let forged = callback.replacingOccurrences(of: "state=", with: "state=x")
            var response = try await browser.get(forged)
            #expect(response.status == .badRequest && response.body.string.contains("unknown, was used already or has expired"))
            // A wrong state used up nothing: the real answer still signs in, once.
            var other = Browser(desk: desk)
            response = try await other.get(callback)
            #expect(response.status == .badRequest && response.body.string.contains("started in another browser"), "\(response.body.string)")
            // That attempt used the sign-in up: even its own browser cannot finish it now.
            response = try await browser.get(callback)
            #expect(response.status == .badRequest && browser.cookies[WebCookies.session] == nil)

            // The same answer twice: the second is refused.
            var fresh = Browser(desk: desk)
            let second = try await Self.answer(idp, to: try await Self.start(&fresh), as: "dan@egi.eu")
            let cookie = fresh.cookies[WebCookies.providerSignIn]
            #expect(try await fresh.get(second).status == .seeOther)
            fresh.cookies[WebCookies.providerSignIn] = cookie
            fresh.cookies[WebCookies.session] = nil
            response = try await fresh.get(second)
            #expect(response.status == .badRequest && response.body.string.contains("was used already"))

            // A code used before, sent with a new sign-in's state: the provider refuses it.
            var replay = Browser(desk: desk)
            let newState = try #require(URLComponents(string: try await Self.start(&replay))?.queryItems?.first { $0.name == "state" }?.value)
            let oldCode = try #require(URLComponents(string: second)?.queryItems?.first { $0.name == "code" }?.value)
            response = try await replay.get("/sign-in/oidc/check-in/callback?code=\(oldCode)&state=\(newState)")
            #expect(response.status == .badRequest && response.body.string.contains("refused the sign-in"), "\(response.body.string)")
            #expect(replay.cookies[WebCookies.session] == nil)

            // The provider's own refusal (the person denied) is told, nothing else happens.
            var denied = Browser(desk: desk)
            let state = try #require(URLComponents(string: try await Self.start(&denied))?.queryItems?.first { $0.name == "state" }?.value)
            response = try await denied.get("/sign-in/oidc/check-in/callback?error=access_denied&state=\(state)")
            #expect(response.status == .badRequest && response.body.string.contains("did not sign you in (access_denied)"))
        }
    }

    @Test func anAnswerToAnotherSignInFailsTheNonceAndAnOldSignInExpires() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp)) { desk in
            try await idp.setUser("erin@egi.eu", claims: ["email": "erin@example.org"])
            // Two sign-ins in one browser; the code of the first is sent back with the state of
            // the second: its ID token carries the first one's nonce.
            var browser = Browser(desk: desk)
            let first = try await Self.start(&browser)
            let second = try await Self.start(&browser)
            let code = try #require(URLComponents(string: try await Self.answer(idp, to: first, as: "erin@egi.eu"))?.queryItems?.first { $0.name == "code" }?.value)
            let state = try #require(URLComponents(string: second)?.queryItems?.first { $0.name == "state" }?.value)
            var response = try await browser.get("/sign-in/oidc/check-in/callback?code=\(code)&state=\(state)")
            #expect(response.status == .badRequest && response.body.string.contains("nonce"), "\(response.body.string)")
            #expect(try await UserModel.query(on: desk.db).filter(\.$email == "erin@example.org").count() == 0)

            // Ten minutes at the provider are too long.
            let late = try await Self.start(&browser)
            let callback = try await Self.answer(idp, to: late, as: "erin@egi.eu")
            desk.time.advance(by: 11 * 60)
            response = try await browser.get(callback)
            #expect(response.status == .badRequest && response.body.string.contains("expired"))
        }
    }

    @Test func anAddressOfALocalAccountLinksOnlyWithItsPassword() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp)) { desk in
            let cast = try await desk.cast()
            // Someone at the provider claims Alice's address (verified or not).
            try await idp.setUser("mallory@egi.eu", claims: ["email": "alice@example.edu", "email_verified": true])
            var browser = Browser(desk: desk)
            var response = try await Self.signIn(&browser, idp, as: "mallory@egi.eu")
            #expect(response.status == .seeOther && response.headers.first(name: .location) == "/sign-in/link")
            #expect(browser.cookies[WebCookies.session] == nil, "no silent link")
            #expect(try await browser.get("/tickets").status == .seeOther, "not signed in")
            let page = try await browser.get("/sign-in/link")
            #expect(page.body.string.contains("An account for alice@example.edu exists here already"))
            let csrf = try #require(Browser.csrf(in: page.body.string))
            response = try await browser.post("/sign-in/link", form: ["_csrf": csrf, "password": "not her password"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("The password is wrong."))
            #expect(try await FederatedIdentityModel.query(on: desk.db).count() == 0)
            #expect(browser.cookies[WebCookies.session] == nil)

            // Alice herself: her password links the identity, and from then on the provider signs her in.
            try await idp.setUser("alice@egi.eu", claims: ["email": "alice@example.edu", "eduperson_entitlement": [Self.atlasMember]])
            var alice = Browser(desk: desk)
            _ = try await Self.signIn(&alice, idp, as: "alice@egi.eu")
            let linkPage = try await alice.get("/sign-in/link")
            response = try await alice.post("/sign-in/link", form: ["_csrf": try #require(Browser.csrf(in: linkPage.body.string)), "password": "correct horse battery"])
            #expect(response.status == .seeOther && alice.cookies[WebCookies.session] != nil)
            let linked = try await desk.request(.GET, "/api/v1/users/\(cast.alice.id)/identities", as: cast.alice)
            #expect(linked.body.string.contains("\"subject\":\"alice@egi.eu\"") && linked.body.string.contains("\"virtualOrganisations\":[\"atlas\"]"))
            var later = Browser(desk: desk)
            #expect(try await Self.signIn(&later, idp, as: "alice@egi.eu").headers.first(name: .location) == "/")
            #expect(try await later.get("/account").body.string.contains("alice@example.edu"))

            // Mallory's request waits on Alice's account page for an administrator, who does
            // not link it; linking someone else's identity by hand is refused when it is taken.
            let admin = try await desk.request(.GET, "/admin/users/\(cast.alice.id)/edit", headers: try await Self.session(of: cast.admin, desk))
            #expect(admin.body.string.contains("mallory@egi.eu") && admin.body.string.contains("Waiting for the account"))
            let taken = try await desk.request(.POST, "/api/v1/users/\(cast.bob.id)/identities", as: cast.admin,
                                               json: ["issuer": idp.issuer, "subject": "alice@egi.eu"])
            #expect(taken.status == .conflict)
            let notAdmin = try await desk.request(.POST, "/api/v1/users/\(cast.bob.id)/identities", as: cast.bob, json: ["issuer": idp.issuer, "subject": "bob@egi.eu"])
            #expect(notAdmin.status == .forbidden)
            let unknownIssuer = try await desk.request(.POST, "/api/v1/users/\(cast.bob.id)/identities", as: cast.admin,
                                                       json: ["issuer": "https://elsewhere.example.org", "subject": "bob@egi.eu"])
            #expect(unknownIssuer.status == .unprocessableEntity)
            // An administrator links Bob's identity; his first sign-in then is his.
            let byAdmin = try await desk.request(.POST, "/api/v1/users/\(cast.bob.id)/identities", as: cast.admin, json: ["issuer": idp.issuer, "subject": "bob@egi.eu"])
            #expect(byAdmin.status == .created, "\(byAdmin.body.string)")
            try await idp.setUser("bob@egi.eu", claims: ["email": "bob.private@example.com"])
            var bob = Browser(desk: desk)
            _ = try await Self.signIn(&bob, idp, as: "bob@egi.eu")
            #expect(try await bob.get("/account").body.string.contains("bob@example.net"))
        }
    }

    /// A browser session of a person of the cast, as cookie headers.
    static func session(of person: TestHelpdesk.Person, _ desk: TestHelpdesk) async throws -> HTTPHeaders {
        var browser = Browser(desk: desk)
        try await browser.signIn(person.email)
        return browser.cookieHeader
    }

    @Test func aProviderThatIsDownIsSaidAndPasswordsStillWork() async throws {
        let port = try await TestOpenIDProvider.freePort()
        try await TestHelpdesk.with(configure: { configuration in
            configuration.oidcProviders = [OIDCProvider(key: "check-in", name: "EGI Check-in", issuer: "http://127.0.0.1:\(port)", clientID: "switchboard",
                                                        clientSecret: "client-secret")]
            configuration.oidcTimeoutSeconds = 2
        }) { desk in
            let cast = try await desk.cast()
            var browser = Browser(desk: desk)
            let page = try await browser.get("/sign-in")
            #expect(page.body.string.contains("Sign in with EGI Check-in") && page.body.string.contains("name=\"password\""))
            let response = try await browser.get("/sign-in/oidc/check-in?next=/tickets")
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("EGI Check-in cannot be reached at the moment") && response.body.string.contains("name=\"password\""))
            try await browser.signIn("alice@example.edu")
            #expect(try await browser.get("/tickets").status == .ok)
            #expect(try await browser.get("/sign-in/oidc/nobody").status == .notFound)
            // A provider access token cannot be checked: the API says so instead of calling the token bad.
            let down = try await desk.request(.GET, "/api/v1/users/me", token: "opaque-token-while-down")
            #expect(down.status == .serviceUnavailable, "\(down.body.string)")
            // Switchboard's own tokens work as ever.
            #expect(try await desk.request(.GET, "/api/v1/users/me", as: cast.alice).status == .ok)
        }
    }

    @Test func passwordsSwitchedOffLeaveOnlyTheProvider() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp, passwordSignIn: false)) { desk in
            let cast = try await desk.cast()
            var browser = Browser(desk: desk)
            let page = try await browser.get("/sign-in")
            #expect(page.body.string.contains("Sign in with EGI Check-in") && !page.body.string.contains("name=\"password\""))
            // No form to take the token from: a script posting anyway, with the cookie's token.
            let refused = try await browser.post("/sign-in", form: ["_csrf": try #require(browser.cookies[WebCookies.signInCSRF]), "email": "alice@example.edu",
                                                                    "password": "correct horse battery"])
            #expect(refused.status == .forbidden && browser.cookies[WebCookies.session] == nil)
            let token = try await desk.request(.POST, "/api/v1/tokens", json: ["email": "alice@example.edu", "password": "correct horse battery"])
            #expect(token.status == .forbidden)
            // Tokens made before still work; the provider signs people in.
            #expect(try await desk.request(.GET, "/api/v1/users/me", as: cast.alice).status == .ok)
            try await idp.setUser("new@egi.eu", claims: ["email": "new@example.org"])
            #expect(try await Self.signIn(&browser, idp, as: "new@egi.eu").status == .seeOther)
            #expect(!(try await browser.get("/account").body.string.contains("Change password")))
        }
        #expect(throws: SwitchboardConfiguration.Invalid.self) {
            try SwitchboardConfiguration.fromEnvironment(["SWITCHBOARD_PASSWORD_SIGN_IN": "false"])
        }
    }

    @Test func theProvidersAccessTokensCallTheAPI() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp)) { desk in
            _ = try await desk.cast()
            try await idp.setUser("frank@egi.eu", claims: ["email": "frank@example.org", "name": "Frank Script"])
            var browser = Browser(desk: desk)
            _ = try await Self.signIn(&browser, idp, as: "frank@egi.eu")
            // An opaque access token, checked at the provider (this one has no introspection: its userinfo).
            let tokens = try await idp.tokens(for: "frank@egi.eu", clientID: "switchboard", clientSecret: "client-secret", nonce: nil)
            var me = try await desk.request(.GET, "/api/v1/users/me", token: tokens.accessToken)
            #expect(me.status == .ok && me.body.string.contains("frank@example.org"), "\(me.body.string)")
            // A signed JWT of the provider for this client.
            me = try await desk.request(.GET, "/api/v1/users/me", token: tokens.idToken)
            #expect(me.status == .ok && me.body.string.contains("frank@example.org"))
            // For another client: not accepted.
            let foreign = try await idp.tokens(for: "frank@egi.eu", clientID: "another-service", clientSecret: "x", nonce: nil)
            #expect(try await desk.request(.GET, "/api/v1/users/me", token: foreign.idToken).status == .unauthorized)
            // Someone the provider knows but who never signed in here.
            let stranger = try await idp.tokens(for: "stranger@egi.eu", clientID: "switchboard", clientSecret: "client-secret", nonce: nil)
            let unknown = try await desk.request(.GET, "/api/v1/users/me", token: stranger.accessToken)
            #expect(unknown.status == .unauthorized && unknown.body.string.contains("sign in to the web interface once"))
            #expect(try await desk.request(.GET, "/api/v1/users/me", token: "made-up-token").status == .unauthorized)
            // Revoked at the provider: refused once the minute of remembering is over (a new token here).
            var revoke = TestOpenIDProvider.request("\(idp.issuer)/users/frank@egi.eu/revoke-tokens")
            revoke.method = .POST
            _ = try await HTTPClient.shared.execute(revoke, timeout: .seconds(5))
            let another = try await idp.tokens(for: "frank@egi.eu", clientID: "switchboard", clientSecret: "client-secret", nonce: nil)
            _ = try await HTTPClient.shared.execute(revoke, timeout: .seconds(5))
            #expect(try await desk.request(.GET, "/api/v1/users/me", token: another.accessToken).status == .unauthorized)
        }
    }

    @Test func entitlementRulesAreForAdministratorsAndTheirMembershipsGoWithThem() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await TestHelpdesk.with(configure: Self.settings(idp)) { desk in
            let cast = try await desk.cast()
            try await idp.setUser("gina@egi.eu", claims: ["email": "gina@example.org", "eduperson_entitlement": [Self.dmsuMember]])
            var browser = Browser(desk: desk)
            _ = try await Self.signIn(&browser, idp, as: "gina@egi.eu")
            let gina = try #require(try await desk.helpdesk.accounts.find(email: "gina@example.org"))
            // Refusals change nothing.
            for body in [["entitlement": "dmsu", "unit": cast.dmsu.uuidString], ["entitlement": "urn:*", "unit": cast.dmsu.uuidString],
                         ["entitlement": Self.dmsuMember, "unit": UUID().uuidString], ["entitlement": Self.dmsuMember, "unit": cast.dmsu.uuidString, "role": "boss"]] {
                #expect(try await desk.request(.POST, "/api/v1/entitlement-rules", as: cast.admin, json: body).status == .unprocessableEntity, "\(body)")
            }
            #expect(try await desk.request(.POST, "/api/v1/entitlement-rules", as: cast.expert,
                                           json: ["entitlement": Self.dmsuMember, "unit": cast.dmsu.uuidString]).status == .forbidden)
            #expect(try await desk.request(.GET, "/api/v1/entitlement-rules", as: cast.expert).status == .forbidden)
            #expect(try await EntitlementRuleModel.query(on: desk.db).count() == 0)
            // A new rule applies at once to the entitlements of the last sign-in.
            let created = try await desk.request(.POST, "/api/v1/entitlement-rules", as: cast.admin,
                                                 json: ["entitlement": "urn:mace:egi.eu:group:dmsu:*", "unit": cast.dmsu.uuidString, "role": "unit-admin"])
            #expect(created.status == .created, "\(created.body.string)")
            #expect(try await desk.helpdesk.accounts.principal(for: gina).isUnitAdmin(of: cast.dmsu))
            let ruleID = try created.content.decode(EntitlementRuleResponse.self).id
            #expect(try await desk.request(.POST, "/api/v1/entitlement-rules", as: cast.admin,
                                           json: ["entitlement": "urn:mace:egi.eu:group:dmsu:*", "unit": cast.dmsu.uuidString]).status == .unprocessableEntity,
                    "the same rule twice")
            // The page lists it for administrators.
            let page = try await desk.request(.GET, "/admin/entitlement-rules", headers: try await Self.session(of: cast.admin, desk))
            #expect(page.status == .ok && page.body.string.contains("urn:mace:egi.eu:group:dmsu:*"))
            // Removed: the memberships it granted end.
            #expect(try await desk.request(.DELETE, "/api/v1/entitlement-rules/\(ruleID)", as: cast.admin).status == .noContent)
            #expect(try await desk.helpdesk.accounts.principal(for: gina).memberships.isEmpty)
        }
    }
}
