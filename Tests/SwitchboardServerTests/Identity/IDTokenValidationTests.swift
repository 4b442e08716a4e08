import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import SwitchboardServer

/// ID tokens from a real OpenID Connect provider (`oidc-provider-mock` on the loopback), checked
/// as the sign-in will check them: signature against the provider's published keys (fetched
/// again when it rotates them), issuer, audience, expiry, issue time and nonce.
@Suite(.enabled(if: TestOpenIDProvider.isInstalled, "oidc-provider-mock is not installed (pip install oidc-provider-mock; .ci/run installs it)"))
struct IDTokenValidationTests {
    static func provider(_ issuer: String, clientID: String = "switchboard") -> OIDCProvider {
        OIDCProvider(key: "check-in", name: "Check-in", issuer: issuer, clientID: clientID, clientSecret: "client-secret")
    }

    @Test func aTokenFromTheProviderIsBelievedWithItsClaims() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        try await idp.setUser("alice-sub", claims: [
            "email": "alice@physics.example.edu", "email_verified": true, "name": "Alice Scientist",
            "eduperson_entitlement": ["urn:mace:egi.eu:group:atlas:role=member#aai.egi.eu"],
        ])
        let client = OIDCProviderClient(provider: Self.provider(idp.issuer), client: .shared, timeoutSeconds: 60)
        let discovery = try await client.discovery()
        #expect(discovery.issuer == idp.issuer && discovery.tokenEndpoint.hasSuffix("/oauth2/token"))
        let tokens = try await idp.tokens(for: "alice-sub", clientID: "switchboard", clientSecret: "client-secret", nonce: "n-123")
        let claims = try await client.validate(idToken: tokens.idToken, nonce: "n-123")
        #expect(claims.sub == "alice-sub" && claims.iss == idp.issuer && claims.aud == ["switchboard"])
        #expect(claims.email == "alice@physics.example.edu" && claims.emailVerified && claims.name == "Alice Scientist")
        #expect(claims.entitlements == ["urn:mace:egi.eu:group:atlas:role=member#aai.egi.eu"])
    }

    @Test func theWrongNonceAudienceIssuerOrSignatureIsRefused() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        let tokens = try await idp.tokens(for: "bob-sub", clientID: "switchboard", clientSecret: "client-secret", nonce: "right")
        let client = OIDCProviderClient(provider: Self.provider(idp.issuer), client: .shared, timeoutSeconds: 60)
        await #expect(throws: IDTokenRefused.self) { try await client.validate(idToken: tokens.idToken, nonce: "wrong") }
        // Meant for another client of the same provider.
        let other = OIDCProviderClient(provider: Self.provider(idp.issuer, clientID: "another-service"), client: .shared, timeoutSeconds: 60)
        do {
            _ = try await other.validate(idToken: tokens.idToken, nonce: "right")
            Issue.record("a token for another audience was believed")
        } catch let refused as IDTokenRefused {
            #expect(refused.description.contains("aud"))
        }
        // Tampered with: the payload changed, the signature kept.
        let parts = tokens.idToken.split(separator: ".").map(String.init)
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let json = String(decoding: Data(base64Encoded: payload)!, as: UTF8.self).replacingOccurrences(of: "bob-sub", with: "admin-sub")
        let forged = [parts[0], Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: ""), parts[2]].joined(separator: ".")
        await #expect(throws: IDTokenRefused.self) { try await client.validate(idToken: forged, nonce: "right") }

        // A token of another provider (another issuer with its own keys).
        let elsewhere = try await TestOpenIDProvider.start()
        defer { elsewhere.stop() }
        let foreign = try await elsewhere.tokens(for: "bob-sub", clientID: "switchboard", clientSecret: "client-secret", nonce: "right")
        await #expect(throws: IDTokenRefused.self) { try await client.validate(idToken: foreign.idToken, nonce: "right") }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let idp = try await TestOpenIDProvider.start()
        defer { idp.stop() }
        let tokens = try await idp.tokens(for: "carol-sub", clientID: "switchboard", clientSecret: "client-secret", nonce: nil)
        let later = NIOLockedValueBox(Date().addingTimeInterval(3 * 3600))
        let client = OIDCProviderClient(provider: Self.provider(idp.issuer), client: .shared, timeoutSeconds: 60, now: { later.withLockedValue { $0 } })
        do {
            _ = try await client.validate(idToken: tokens.idToken, nonce: nil)
            Issue.record("an expired token was believed")
        } catch let refused as IDTokenRefused {
            #expect(refused.description == "The token has expired.")
        }
    }

    @Test func newKeysAreFetchedWhenTheProviderRotatesThem() async throws {
        var idp = try await TestOpenIDProvider.start()
        let port = idp.port
        let clock = NIOLockedValueBox(Date())
        let client = OIDCProviderClient(provider: Self.provider(idp.issuer), client: .shared, timeoutSeconds: 60, now: { clock.withLockedValue { $0 } })
        let first = try await idp.tokens(for: "dave-sub", clientID: "switchboard", clientSecret: "client-secret", nonce: nil)
        _ = try await client.validate(idToken: first.idToken, nonce: nil)
        // The provider starts again with a new key.
        idp.stop()
        idp = try await TestOpenIDProvider.start(port: port)
        defer { idp.stop() }
        let second = try await idp.tokens(for: "dave-sub", clientID: "switchboard", clientSecret: "client-secret", nonce: nil)
        // This provider's tokens name no key (no `kid`): the new key shows only as a signature
        // the cached keys do not verify.
        clock.withLockedValue { $0 = $0.addingTimeInterval(61) }
        let claims = try await client.validate(idToken: second.idToken, nonce: nil)
        #expect(claims.sub == "dave-sub")
        // The old key is gone with the old provider: its tokens are refused now.
        await #expect(throws: IDTokenRefused.self) { try await client.validate(idToken: first.idToken, nonce: nil) }
    }

    @Test func aProviderThatIsDownSaysSo() async throws {
        let port = try await TestOpenIDProvider.freePort()
        let client = OIDCProviderClient(provider: Self.provider("http://127.0.0.1:\(port)"), client: .shared, timeoutSeconds: 2)
        do {
            _ = try await client.discovery()
            Issue.record("discovery of a provider that is down succeeded")
        } catch let error as OIDCProviderUnavailable {
            #expect(error.description.contains("cannot be reached"))
        }
    }
}
