import Fluent
import Foundation
import Vapor

/// A provider's access token presented to the API: the account of the identity it stands for.
/// When the token is refused for a reason worth telling (no account yet, the provider down),
/// the reason waits in the request's storage for `RequireSignedIn`; public reads go on as a
/// visitor's.
enum ProviderAccessTokens {
    struct RefusalKey: StorageKey { typealias Value = HelpdeskError }

    static func user(for token: String, helpdesk: Helpdesk, request: Request) async throws -> UserModel? {
        // Not worth asking a provider about: no access token is this short, this long or spaced.
        guard (16...8192).contains(token.count), !token.contains(where: { $0.isWhitespace }) else { return nil }
        var unavailable: OIDCProviderUnavailable?
        for client in helpdesk.identityProviders.clients {
            let subject: String?
            do {
                subject = try await client.subject(ofAccessToken: token)
            } catch let error as OIDCProviderUnavailable {
                request.logger.warning("An access token could not be checked: \(error.description)")
                unavailable = error
                continue
            }
            guard let subject else { continue }
            let issuer = client.provider.issuer
            guard let identity = try await FederatedIdentityModel.query(on: helpdesk.database)
                .filter(\.$issuer == issuer).filter(\.$subject == subject).with(\.$user).first()
            else {
                request.storage[RefusalKey.self] = .unauthenticated(
                    "\(client.provider.name) vouches for this token, but no account here belongs to its identity yet: sign in to the web interface once.")
                return nil
            }
            return identity.user
        }
        if unavailable != nil {
            request.storage[RefusalKey.self] = .unavailable("The token's provider cannot be reached to check it; try again shortly.")
        }
        return nil
    }
}
