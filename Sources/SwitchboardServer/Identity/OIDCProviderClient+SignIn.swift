import AsyncHTTPClient
import Foundation
import NIOCore
import Vapor

/// The authorization code flow with PKCE (RFC 7636), as the relying party runs it: the address
/// the browser is sent to, the code exchanged for tokens, the userinfo read when configured.
extension OIDCProviderClient {
    /// What the sign-in keeps until the provider sends the browser back.
    public struct Request: Sendable {
        public var state: String
        public var nonce: String
        public var codeVerifier: String
        public var url: String
    }

    /// A fresh sign-in: random `state`, `nonce` and PKCE verifier, and the provider's address
    /// with them (the verifier only as its S256 challenge).
    /// The discovery document is read afresh: a provider that is down is found here, where the
    /// sign-in page can say so, not after the browser was sent to an address that does not answer.
    public func authorizationRequest(redirectURI: String) async throws -> Request {
        let document = try await discovery(maxAge: 0)
        let state = TokenDigest.newToken()
        let nonce = TokenDigest.newToken()
        let verifier = TokenDigest.base64URL(TokenDigest.randomBytes(32))
        guard var components = URLComponents(string: document.authorizationEndpoint) else {
            throw OIDCProviderUnavailable(description: "\(provider.name) names no usable authorization endpoint.")
        }
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: provider.clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "scope", value: provider.scopes.joined(separator: " ")),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: Self.codeChallenge(verifier)),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        // `+` in a query means a space to many servers: encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return Request(state: state, nonce: nonce, codeVerifier: verifier, url: components.string!)
    }

    static func codeChallenge(_ verifier: String) -> String {
        TokenDigest.base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// The provider's answer to a code.
    public struct Tokens: Sendable, Decodable {
        public var idToken: String
        public var accessToken: String?

        enum CodingKeys: String, CodingKey {
            case idToken = "id_token"
            case accessToken = "access_token"
        }
    }

    /// Exchanges the code (with the PKCE verifier, authenticated with the client secret) and
    /// validates the ID token against the sign-in's nonce. A code used before, expired or meant
    /// for another client is refused by the provider: `OIDCSignInRefused` with its reason.
    public func finishSignIn(code: String, codeVerifier: String, redirectURI: String, nonce: String) async throws -> IDTokenClaims {
        let document = try await discovery()
        let form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", codeVerifier)]
        let (status, body) = try await post(document.tokenEndpoint, form: form, what: "token endpoint", repeatable: false)
        guard status == .ok else { throw OIDCSignInRefused(description: Self.refusal(status: status, body: body, by: provider.name)) }
        let tokens: Tokens
        do {
            tokens = try JSONDecoder().decode(Tokens.self, from: body)
        } catch {
            throw OIDCProviderUnavailable(description: "\(provider.name) answered the code without an ID token.")
        }
        var claims = try await validate(idToken: tokens.idToken, nonce: nonce)
        if provider.readsUserinfo, let accessToken = tokens.accessToken {
            let extra = try await userinfo(accessToken: accessToken)
            guard extra.sub == claims.sub else {
                throw OIDCSignInRefused(description: "\(provider.name)'s userinfo is about someone else than its ID token.")
            }
            claims.merge(extra)
        }
        return claims
    }

    /// The claims the userinfo endpoint gives for an access token; `OIDCSignInRefused` when it
    /// does not accept the token.
    public func userinfo(accessToken: String) async throws -> UserinfoClaims {
        guard let endpoint = try await discovery().userinfoEndpoint else {
            throw OIDCProviderUnavailable(description: "\(provider.name) has no userinfo endpoint.")
        }
        var request = HTTPClientRequest(url: endpoint)
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        let (status, body) = try await send(request, what: "userinfo")
        guard status == .ok else { throw OIDCSignInRefused(description: "\(provider.name) does not accept the access token (\(status.code)).") }
        do {
            return try JSONDecoder().decode(UserinfoClaims.self, from: body)
        } catch {
            throw OIDCProviderUnavailable(description: "\(provider.name)'s userinfo cannot be read: \(error)")
        }
    }

    /// The provider's own words for a refused request (`error`, `error_description`), short.
    static func refusal(status: HTTPResponseStatus, body: Data, by name: String) -> String {
        struct Problem: Decodable { var error: String?; var error_description: String? }
        let problem = try? JSONDecoder().decode(Problem.self, from: body)
        let reason = [problem?.error, problem?.error_description].compactMap { $0 }.joined(separator: ": ")
        return "\(name) refused the sign-in" + (reason.isEmpty ? " (\(status.code))." : ": \(String(reason.prefix(200))).")
    }

    /// POSTs a form, authenticated as this client (HTTP Basic, RFC 6749 §2.3.1).
    func post(_ url: String, form: [(String, String)], what: String, repeatable: Bool = true) async throws -> (HTTPResponseStatus, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let credentials = Self.formEncode(provider.clientID) + ":" + Self.formEncode(provider.clientSecret)
        request.headers.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
        request.body = .bytes(ByteBuffer(string: form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")))
        return try await send(request, what: what, repeatable: repeatable)
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Sends a request; a pooled connection the provider had closed just then is tried once more
    /// when the request may be repeated (everything but the code exchange: a code counts once).
    /// Each request asks for its connection to be closed after the answer: a sign-in makes a
    /// few requests, and in a loaded CI run one of them to the test provider (Werkzeug's
    /// server) hung until the timeout (60 s), most likely on a kept-alive connection gone stale
    /// in the pool (not proven); without keep-alive there is none.
    func send(_ request: HTTPClientRequest, what: String, repeatable: Bool = true) async throws -> (HTTPResponseStatus, Data) {
        var request = request
        request.headers.replaceOrAdd(name: "Connection", value: "close")
        for attempt in 1...2 {
            do {
                let response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
                let body = try await response.body.collect(upTo: 1024 * 1024)
                return (response.status, Data(buffer: body))
            } catch let error as HTTPClientError where error == .remoteConnectionClosed && repeatable && attempt == 1 {
                continue
            } catch {
                throw OIDCProviderUnavailable(description: "\(provider.name) cannot be reached for its \(what): \(error)")
            }
        }
        throw OIDCProviderUnavailable(description: "\(provider.name) closed the connection twice for its \(what).")
    }
}

/// What a userinfo endpoint (or a token introspection) says about a person; read leniently
/// like the ID token's claims.
public struct UserinfoClaims: Sendable, Decodable, Equatable {
    public var sub: String
    public var email: String?
    public var emailVerified: Bool?
    public var name: String?
    public var entitlements: [String]?

    enum CodingKeys: String, CodingKey {
        case sub, email, name
        case emailVerified = "email_verified"
        case entitlements = "eduperson_entitlement"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sub = try container.decode(String.self, forKey: .sub)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        emailVerified = container.lenientBool(forKey: .emailVerified)
        entitlements = container.stringOrList(forKey: .entitlements)
    }
}

extension IDTokenClaims {
    /// The ID token's claims completed by the userinfo's (which win where both speak).
    mutating func merge(_ extra: UserinfoClaims) {
        if let email = extra.email { self.email = email; emailVerified = extra.emailVerified ?? false }
        if let name = extra.name { self.name = name }
        if let entitlements = extra.entitlements { self.entitlements = entitlements }
    }
}
