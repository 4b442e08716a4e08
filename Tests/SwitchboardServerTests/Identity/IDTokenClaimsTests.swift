import Foundation
import Testing
@testable import SwitchboardServer

/// The claims' rules and the providers' settings, without a provider.
@Suite struct IDTokenClaimsTests {
    static let provider = OIDCProvider(key: "check-in", name: "Check-in", issuer: "https://aai.egi.eu/auth/realms/egi", clientID: "switchboard",
                                       clientSecret: "s")
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func claims(_ fields: [String: Any]) throws -> IDTokenClaims {
        var all: [String: Any] = ["iss": provider.issuer, "sub": "123@egi.eu", "aud": "switchboard", "exp": now.timeIntervalSince1970 + 300,
                                  "iat": now.timeIntervalSince1970 - 10, "nonce": "n"]
        for (key, value) in fields { all[key] = value }
        return try JSONDecoder().decode(IDTokenClaims.self, from: try JSONSerialization.data(withJSONObject: all))
    }

    func refusal(_ fields: [String: Any], nonce: String? = "n") throws -> String? {
        do {
            try OIDCProviderClient.check(try Self.claims(fields), provider: Self.provider, nonce: nonce, now: Self.now)
            return nil
        } catch let refused as IDTokenRefused {
            return refused.description
        }
    }

    @Test func eachClaimIsChecked() throws {
        #expect(try refusal([:]) == nil)
        #expect(try refusal(["iss": "https://evil.example.org"])?.contains("issued by") == true)
        #expect(try refusal(["aud": ["other"]])?.contains("aud") == true)
        #expect(try refusal(["aud": ["switchboard", "other"]])?.contains("azp") == true, "several audiences need azp")
        #expect(try refusal(["aud": ["switchboard", "other"], "azp": "switchboard"]) == nil)
        #expect(try refusal(["exp": Self.now.timeIntervalSince1970 - 61]) == "The token has expired.")
        #expect(try refusal(["exp": Self.now.timeIntervalSince1970 - 30]) == nil, "within the leeway")
        #expect(try refusal(["iat": Self.now.timeIntervalSince1970 + 120]) == "The token was issued in the future.")
        #expect(try refusal(["nonce": "m"])?.contains("nonce") == true)
        #expect(try refusal([:], nonce: nil) == nil)
    }

    @Test func entitlementsAndVerificationAreReadLeniently() throws {
        let one = try Self.claims(["eduperson_entitlement": "urn:mace:egi.eu:group:atlas#aai.egi.eu", "email_verified": "true"])
        #expect(one.entitlements == ["urn:mace:egi.eu:group:atlas#aai.egi.eu"] && one.emailVerified)
        let none = try Self.claims([:])
        #expect(none.entitlements.isEmpty && !none.emailVerified)
    }

    @Test func providersComeFromTheSettings() throws {
        let one = try OIDCProvider.read(["SWITCHBOARD_OIDC_ISSUER": "https://aai.egi.eu/auth/realms/egi", "SWITCHBOARD_OIDC_CLIENT_ID": "switchboard",
                                         "SWITCHBOARD_OIDC_CLIENT_SECRET": "s", "SWITCHBOARD_OIDC_NAME": "EGI Check-in",
                                         "SWITCHBOARD_OIDC_SCOPES": "openid email eduperson_entitlement"])
        #expect(one == [OIDCProvider(key: "oidc", name: "EGI Check-in", issuer: "https://aai.egi.eu/auth/realms/egi", clientID: "switchboard",
                                     clientSecret: "s", scopes: ["openid", "email", "eduperson_entitlement"])])
        #expect(throws: SwitchboardConfiguration.Invalid.self) { try OIDCProvider.read(["SWITCHBOARD_OIDC_ISSUER": "https://x.example.org"]) }
        #expect(throws: SwitchboardConfiguration.Invalid.self) {
            try OIDCProvider.read(["SWITCHBOARD_OIDC_ISSUER": "http://idp.example.org", "SWITCHBOARD_OIDC_CLIENT_ID": "c", "SWITCHBOARD_OIDC_CLIENT_SECRET": "s"])
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("providers-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"[{"key": "geant", "name": "eduGAIN", "issuer": "https://proxy.example.org", "clientId": "sb", "clientSecret": "t"}]"#
            .write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try OIDCProvider.read(["SWITCHBOARD_OIDC_PROVIDERS_FILE": file.path])
        #expect(fromFile.map(\.key) == ["geant"] && fromFile[0].scopes == ["openid", "email", "profile"])
    }
}
