import Foundation

/// An OpenID Connect provider the helpdesk trusts for sign-in (EGI Check-in and the like).
public struct OIDCProvider: Sendable, Equatable, Codable {
    /// A short name for addresses (`/sign-in/oidc/KEY`).
    public var key: String
    /// What the sign-in page calls it.
    public var name: String
    /// The issuer exactly as its ID tokens name it; discovery is below it.
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    public var scopes: [String]
    /// Read the userinfo endpoint after the sign-in, for claims the ID token does not carry.
    public var readsUserinfo: Bool
    /// The audiences a provider access token presented to the API must name one of (the
    /// client id by default; add the audience the federation's scripts ask their tokens for).
    public var accessTokenAudiences: [String]

    public init(key: String, name: String, issuer: String, clientID: String, clientSecret: String, scopes: [String] = ["openid", "email", "profile"],
                readsUserinfo: Bool = false, accessTokenAudiences: [String]? = nil) {
        self.key = key
        self.name = name
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.readsUserinfo = readsUserinfo
        self.accessTokenAudiences = accessTokenAudiences ?? [clientID]
    }

    enum CodingKeys: String, CodingKey {
        case key, name, issuer, clientID = "clientId", clientSecret, scopes, readsUserinfo = "userinfo", accessTokenAudiences
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(name, forKey: .name)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(readsUserinfo, forKey: .readsUserinfo)
        try container.encode(accessTokenAudiences, forKey: .accessTokenAudiences)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try container.decode(String.self, forKey: .key), name: try container.decode(String.self, forKey: .name),
                  issuer: try container.decode(String.self, forKey: .issuer), clientID: try container.decode(String.self, forKey: .clientID),
                  clientSecret: try container.decode(String.self, forKey: .clientSecret),
                  scopes: try container.decodeIfPresent([String].self, forKey: .scopes) ?? ["openid", "email", "profile"],
                  readsUserinfo: try container.decodeIfPresent(Bool.self, forKey: .readsUserinfo) ?? false,
                  accessTokenAudiences: try container.decodeIfPresent([String].self, forKey: .accessTokenAudiences))
    }

    /// The providers of the settings: one from `SWITCHBOARD_OIDC_ISSUER`, `_CLIENT_ID`,
    /// `_CLIENT_SECRET`, `_NAME`, `_SCOPES`; more from the JSON array in the file
    /// `SWITCHBOARD_OIDC_PROVIDERS_FILE` (`[{"key", "name", "issuer", "clientId", "clientSecret",
    /// "scopes", "userinfo", "accessTokenAudiences"}]`). The client secret is never encoded.
    static func read(_ environment: [String: String]) throws -> [OIDCProvider] {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var providers: [OIDCProvider] = []
        if let issuer = value("SWITCHBOARD_OIDC_ISSUER") {
            guard let clientID = value("SWITCHBOARD_OIDC_CLIENT_ID"), let secret = value("SWITCHBOARD_OIDC_CLIENT_SECRET") else {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_OIDC_ISSUER is set: SWITCHBOARD_OIDC_CLIENT_ID and SWITCHBOARD_OIDC_CLIENT_SECRET must be too.")
            }
            func list(_ name: String) -> [String]? { value(name).map { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) } }
            providers.append(OIDCProvider(key: "oidc", name: value("SWITCHBOARD_OIDC_NAME") ?? "single sign-on", issuer: issuer, clientID: clientID,
                                          clientSecret: secret, scopes: list("SWITCHBOARD_OIDC_SCOPES") ?? ["openid", "email", "profile"],
                                          readsUserinfo: try SwitchboardConfiguration.boolean(environment, "SWITCHBOARD_OIDC_USERINFO", default: false),
                                          accessTokenAudiences: list("SWITCHBOARD_OIDC_AUDIENCES")))
        }
        if let path = value("SWITCHBOARD_OIDC_PROVIDERS_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_OIDC_PROVIDERS_FILE: '\(path)' cannot be read.")
            }
            do {
                providers += try JSONDecoder().decode([OIDCProvider].self, from: data)
            } catch {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_OIDC_PROVIDERS_FILE: '\(path)' is not a JSON array of providers: \(error)")
            }
        }
        for provider in providers {
            guard let url = URLComponents(string: provider.issuer), url.scheme == "https" || (url.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(url.host ?? "")),
                  url.host?.isEmpty == false else {
                throw SwitchboardConfiguration.Invalid(description: "The issuer of \(provider.name) must be an https address (http only on the loopback); it is '\(provider.issuer)'.")
            }
            guard !provider.key.isEmpty, provider.key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw SwitchboardConfiguration.Invalid(description: "An OpenID provider's key is letters, digits and '-'; it is '\(provider.key)'.")
            }
            guard provider.scopes.contains("openid") else {
                throw SwitchboardConfiguration.Invalid(description: "The scopes of \(provider.name) must include openid.")
            }
        }
        if Set(providers.map(\.key)).count != providers.count {
            throw SwitchboardConfiguration.Invalid(description: "Two OpenID providers have the same key.")
        }
        return providers
    }
}
