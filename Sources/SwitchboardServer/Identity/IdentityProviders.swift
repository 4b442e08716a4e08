import AsyncHTTPClient
import Foundation
import Vapor

/// The configured OpenID Connect providers, one client each (with its cached discovery, keys
/// and checked access tokens), made once at start.
public final class IdentityProviders: Sendable {
    public let clients: [OIDCProviderClient]

    init(_ providers: [OIDCProvider], client: HTTPClient, timeoutSeconds: Int = 10) {
        clients = providers.map { OIDCProviderClient(provider: $0, client: client, timeoutSeconds: timeoutSeconds) }
    }

    var isEmpty: Bool { clients.isEmpty }

    subscript(key: String) -> OIDCProviderClient? {
        clients.first { $0.provider.key == key }
    }

    func provider(issuer: String) -> OIDCProvider? {
        clients.first { $0.provider.issuer == issuer }?.provider
    }
}

extension Application {
    private struct IdentityProvidersKey: StorageKey { typealias Value = IdentityProviders }

    /// Set by `configure` from the settings.
    var identityProviders: IdentityProviders {
        get { storage[IdentityProvidersKey.self] ?? IdentityProviders([], client: http.client.shared) }
        set { storage[IdentityProvidersKey.self] = newValue }
    }
}
