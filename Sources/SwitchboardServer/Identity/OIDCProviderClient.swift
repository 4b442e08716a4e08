import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore

/// The provider could not be reached or answered something unusable; the description says what.
public struct OIDCProviderUnavailable: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A sign-in or token the provider (or this helpdesk) refused, and why; safe to show the person.
public struct OIDCSignInRefused: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
}

/// An ID token that must not be believed, and why.
public struct IDTokenRefused: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
}

/// The claims of an ID token the helpdesk reads. Entitlements (`eduperson_entitlement`) and the
/// e-mail's verification are read leniently: a string or a list, a boolean or "true".
public struct IDTokenClaims: JWTPayload, Equatable {
    public var iss: String
    public var sub: String
    public var aud: [String]
    public var azp: String?
    public var exp: Date
    public var iat: Date
    public var nonce: String?
    public var email: String?
    public var emailVerified: Bool
    public var name: String?
    public var entitlements: [String]

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, azp, exp, iat, nonce, email, name
        case emailVerified = "email_verified"
        case entitlements = "eduperson_entitlement"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decode(String.self, forKey: .sub)
        guard let audiences = container.stringOrList(forKey: .aud) else {
            throw DecodingError.keyNotFound(CodingKeys.aud, .init(codingPath: decoder.codingPath, debugDescription: "aud is a string or a list of them"))
        }
        aud = audiences
        azp = try container.decodeIfPresent(String.self, forKey: .azp)
        exp = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .exp))
        iat = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .iat))
        nonce = try container.decodeIfPresent(String.self, forKey: .nonce)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        emailVerified = container.lenientBool(forKey: .emailVerified) ?? false
        entitlements = container.stringOrList(forKey: .entitlements) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iss, forKey: .iss)
        try container.encode(sub, forKey: .sub)
        try container.encode(aud, forKey: .aud)
        try container.encode(exp.timeIntervalSince1970, forKey: .exp)
        try container.encode(iat.timeIntervalSince1970, forKey: .iat)
        try container.encodeIfPresent(nonce, forKey: .nonce)
    }

    /// The signature is checked by the key collection; the claims by `OIDCProviderClient`, which
    /// knows the time, the client and the nonce.
    public func verify(using algorithm: some JWTAlgorithm) throws {}
}

extension KeyedDecodingContainer {
    /// A claim that is one string or a list of them (`aud`, `eduperson_entitlement`); nil when
    /// it is absent or something else.
    func stringOrList(forKey key: Key) -> [String]? {
        if let one = try? decode(String.self, forKey: key) { return [one] }
        return try? decode([String].self, forKey: key)
    }

    /// A boolean claim, also as some providers send it: "true" or "false".
    func lenientBool(forKey key: Key) -> Bool? {
        if let flag = try? decode(Bool.self, forKey: key) { return flag }
        return (try? decode(String.self, forKey: key)).map { $0.lowercased() == "true" }
    }
}

/// What discovery says about a provider (`/.well-known/openid-configuration`).
public struct OIDCDiscovery: Sendable, Decodable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var userinfoEndpoint: String?
    public var introspectionEndpoint: String?
    public var jwksURI: String

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case userinfoEndpoint = "userinfo_endpoint"
        case introspectionEndpoint = "introspection_endpoint"
        case jwksURI = "jwks_uri"
    }
}

/// One provider as the helpdesk talks to it: its discovery document and signing keys, fetched
/// when first needed and cached (the document for an hour; the keys until a token names a key
/// they do not hold — the provider rotated its keys — and then fetched again, at most once a
/// minute), and the validation of its ID tokens.
public actor OIDCProviderClient {
    public let provider: OIDCProvider
    let client: HTTPClient
    let now: @Sendable () -> Date
    /// A provider that does not answer within this many seconds counts as down (the sign-in page says so).
    let timeoutSeconds: Int64

    private var discovered: (document: OIDCDiscovery, at: Date)?
    private var keys: (collection: JWTKeyCollection, kids: Set<String>, at: Date)?
    /// Access tokens checked lately (by digest): whom they stand for (nil: refused) and until when.
    var checkedAccessTokens: [String: (subject: String?, until: Date)] = [:]

    /// Seconds of clock difference tolerated for `exp` and `iat`.
    public static let leeway: TimeInterval = 60

    public init(provider: OIDCProvider, client: HTTPClient, timeoutSeconds: Int = 10, now: @escaping @Sendable () -> Date = { Date() }) {
        self.provider = provider
        self.client = client
        self.timeoutSeconds = Int64(timeoutSeconds)
        self.now = now
    }

    /// The discovery document, fetched again when older than `maxAge` seconds.
    public func discovery(maxAge: TimeInterval = 3600) async throws -> OIDCDiscovery {
        if let discovered, now().timeIntervalSince(discovered.at) < maxAge { return discovered.document }
        let base = provider.issuer.hasSuffix("/") ? String(provider.issuer.dropLast()) : provider.issuer
        let document = try JSONDecoder().decode(OIDCDiscovery.self, from: try await get(base + "/.well-known/openid-configuration", what: "discovery"))
        guard document.issuer == provider.issuer else {
            throw OIDCProviderUnavailable(description: "\(provider.name) names itself '\(document.issuer)', not the configured issuer '\(provider.issuer)'.")
        }
        discovered = (document, now())
        return document
    }

    private func loadKeys() async throws -> (collection: JWTKeyCollection, kids: Set<String>, at: Date) {
        struct KeySet: Decodable {
            struct Key: Decodable { var kid: String? }
            var keys: [Key]
        }
        let data = try await get(try await discovery().jwksURI, what: "signing keys")
        let json = String(decoding: data, as: UTF8.self)
        let collection = JWTKeyCollection()
        do {
            try await collection.add(jwksJSON: json)
        } catch {
            throw OIDCProviderUnavailable(description: "The signing keys of \(provider.name) cannot be read: \(error)")
        }
        let kids = Set((try? JSONDecoder().decode(KeySet.self, from: data))?.keys.compactMap(\.kid) ?? [])
        let loaded = (collection, kids, now())
        keys = loaded
        return loaded
    }

    /// Checks an ID token: its signature against the provider's keys, then `iss`, `aud` (and
    /// `azp` when there are several audiences), `exp`, `iat` and the `nonce` of the sign-in it
    /// answers. Returns its claims, or throws `IDTokenRefused` saying why.
    public func validate(idToken token: String, nonce expected: String?) async throws -> IDTokenClaims {
        let claims = try await verifiedPayload(of: token, as: IDTokenClaims.self)
        try Self.check(claims, provider: provider, nonce: expected, now: now())
        return claims
    }

    /// The payload of a token whose signature verifies with one of the provider's keys.
    func verifiedPayload<Payload: JWTPayload>(of token: String, as type: Payload.Type) async throws -> Payload {
        let kid = Self.keyID(of: token)
        var current: (collection: JWTKeyCollection, kids: Set<String>, at: Date)
        var reloaded = false
        if let keys { current = keys } else { current = try await loadKeys(); reloaded = true }
        // The keys are fetched again, at most once a minute, when a token names a key they lack
        // or (a token without `kid`) does not verify with them: the provider rotated its keys.
        let mayReload = { [now] (loaded: Date) in !reloaded && now().timeIntervalSince(loaded) >= 60 }
        if let kid, !current.kids.contains(kid), mayReload(current.at) {
            current = try await loadKeys()
            reloaded = true
        }
        if let kid, !current.kids.contains(kid) {
            throw IDTokenRefused(description: "The token is signed with a key \(provider.name) does not publish.")
        }
        do {
            return try await current.collection.verify(token, as: Payload.self, iteratingKeys: kid == nil)
        } catch {
            guard kid == nil, mayReload(current.at) else { throw IDTokenRefused(description: "The token's signature does not verify: \(error)") }
            current = try await loadKeys()
            do {
                return try await current.collection.verify(token, as: Payload.self, iteratingKeys: true)
            } catch {
                throw IDTokenRefused(description: "The token's signature does not verify: \(error)")
            }
        }
    }

    /// The claims' rules, apart from the signature.
    static func check(_ claims: IDTokenClaims, provider: OIDCProvider, nonce expected: String?, now: Date) throws {
        guard claims.iss == provider.issuer else { throw IDTokenRefused(description: "The token was issued by '\(claims.iss)', not by \(provider.issuer).") }
        guard claims.aud.contains(provider.clientID) else { throw IDTokenRefused(description: "The token is not meant for this helpdesk (aud).") }
        if claims.aud.count > 1 && claims.azp != provider.clientID {
            throw IDTokenRefused(description: "The token has several audiences and is not authorized for this helpdesk (azp).")
        }
        guard claims.exp.addingTimeInterval(leeway) > now else { throw IDTokenRefused(description: "The token has expired.") }
        guard claims.iat <= now.addingTimeInterval(leeway) else { throw IDTokenRefused(description: "The token was issued in the future.") }
        if let expected {
            guard claims.nonce == expected else { throw IDTokenRefused(description: "The token answers another sign-in (nonce).") }
        }
    }

    /// The `kid` of a token's header, if it has one.
    static func keyID(of token: String) -> String? {
        struct Header: Decodable { var kid: String? }
        return unverifiedPart(0, of: token, as: Header.self)?.kid
    }

    /// A part of a JWT (0: the header, 1: the payload) read before anything about it is believed.
    static func unverifiedPart<Part: Decodable>(_ index: Int, of token: String, as type: Part.Type) -> Part? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var base64 = parts[index].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).flatMap { try? JSONDecoder().decode(Part.self, from: $0) }
    }

    func get(_ url: String, what: String) async throws -> Data {
        let (status, body) = try await send(HTTPClientRequest(url: url), what: what)
        guard status == .ok else { throw OIDCProviderUnavailable(description: "\(provider.name) answered \(status.code) for its \(what).") }
        return body
    }
}
