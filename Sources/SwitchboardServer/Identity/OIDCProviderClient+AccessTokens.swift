import Foundation
import JWTKit

/// The claims of a JWT access token (RFC 9068) the API reads.
struct AccessTokenClaims: JWTPayload {
    var iss: String
    var sub: String
    var aud: [String]
    var azp: String?
    var clientID: String?
    var exp: Date

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, azp, exp
        case clientID = "client_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decode(String.self, forKey: .sub)
        aud = container.stringOrList(forKey: .aud) ?? []
        azp = try container.decodeIfPresent(String.self, forKey: .azp)
        clientID = try container.decodeIfPresent(String.self, forKey: .clientID)
        exp = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .exp))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iss, forKey: .iss)
        try container.encode(sub, forKey: .sub)
        try container.encode(aud, forKey: .aud)
        try container.encode(exp.timeIntervalSince1970, forKey: .exp)
    }

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

/// A token introspection answer (RFC 7662): whether the token is active, and for whom and which client.
struct TokenIntrospection: Decodable {
    var active: Bool
    var sub: String?
    var aud: [String]?
    var clientID: String?
    var exp: Double?

    enum CodingKeys: String, CodingKey {
        case active, sub, aud, exp
        case clientID = "client_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        active = try container.decode(Bool.self, forKey: .active)
        sub = try container.decodeIfPresent(String.self, forKey: .sub)
        aud = container.stringOrList(forKey: .aud)
        clientID = try container.decodeIfPresent(String.self, forKey: .clientID)
        exp = try container.decodeIfPresent(Double.self, forKey: .exp)
    }
}

/// The provider's access tokens as bearer tokens of the API, so that the federation's scripts
/// need no token of ours: a JWT is checked against the provider's keys (issuer, expiry, one of
/// the accepted audiences); an opaque token is asked about at the provider's introspection
/// endpoint when it has one (authenticated as this client), else at its userinfo endpoint.
/// Answers are remembered for a minute (at most until the token expires), refusals too, so that
/// a script's burst of calls costs the provider one question.
extension OIDCProviderClient {
    /// Whom the token stands for at this provider (`sub`), or nil when the provider does not
    /// vouch for it. Throws `OIDCProviderUnavailable` when the provider cannot be asked.
    public func subject(ofAccessToken token: String) async throws -> String? {
        let digest = TokenDigest.digest(token)
        if let known = checkedAccessTokens[digest], known.until > now() { return known.subject }
        var until = now().addingTimeInterval(60)
        let subject: String?
        if token.split(separator: ".", omittingEmptySubsequences: false).count == 3 {
            // Another provider's token is not ours to judge (and not worth remembering).
            guard Self.unverifiedIssuer(of: token) == provider.issuer else { return nil }
            do {
                let claims = try await verifiedPayload(of: token, as: AccessTokenClaims.self)
                let audiences = claims.aud + [claims.azp, claims.clientID].compactMap { $0 }
                let fresh = claims.exp.addingTimeInterval(Self.leeway) > now()
                subject = claims.iss == provider.issuer && fresh && audiences.contains(where: provider.accessTokenAudiences.contains) ? claims.sub : nil
                until = min(until, claims.exp.addingTimeInterval(Self.leeway))
            } catch is IDTokenRefused {
                subject = nil
            }
        } else if let endpoint = try await discovery().introspectionEndpoint {
            let (status, body) = try await post(endpoint, form: [("token", token)], what: "token introspection")
            guard status == .ok, let answer = try? JSONDecoder().decode(TokenIntrospection.self, from: body) else {
                throw OIDCProviderUnavailable(description: "\(provider.name)'s token introspection answered \(status.code).")
            }
            let audiences = (answer.aud ?? []) + [answer.clientID].compactMap { $0 }
            subject = answer.active && audiences.contains(where: provider.accessTokenAudiences.contains) ? answer.sub : nil
            if let exp = answer.exp { until = min(until, Date(timeIntervalSince1970: exp)) }
        } else {
            do {
                subject = try await userinfo(accessToken: token).sub
            } catch is OIDCSignInRefused {
                subject = nil
            }
        }
        if checkedAccessTokens.count >= 10_000 { checkedAccessTokens = checkedAccessTokens.filter { $0.value.until > now() } }
        if checkedAccessTokens.count < 10_000 { checkedAccessTokens[digest] = (subject, until) }
        return subject
    }

    /// The `iss` a JWT claims, before anything about it is believed: only to choose the provider.
    static func unverifiedIssuer(of token: String) -> String? {
        struct Issuer: Decodable { var iss: String? }
        return unverifiedPart(1, of: token, as: Issuer.self)?.iss
    }
}
