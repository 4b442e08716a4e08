import Foundation
import SwitchboardCore

extension UserEditPage {
    static func query(_ helpdesk: Helpdesk, userID: UUID) async throws -> Model {
        let user = try await helpdesk.accounts.find(userID)
        let providers = helpdesk.identityProviders.clients.map(\.provider)
        func name(_ issuer: String) -> String { providers.first { $0.issuer == issuer }?.name ?? issuer }
        let identities = try await helpdesk.identities.identities(of: userID, by: Acting.system.asAdministrator)
        let pending = try await helpdesk.identities.pendingLinks(of: userID)
        return Model(
            id: userID, email: user.email, values: ["displayName": user.displayName, "isAdmin": user.isAdmin ? "true" : ""],
            identities: try identities.map {
                Identity(id: try $0.requireID(), providerName: name($0.issuer), subject: $0.subject, email: $0.email, lastSignInAt: $0.lastSignInAt,
                         virtualOrganisations: Entitlement.virtualOrganisations(of: $0.entitlements))
            },
            pendingLinks: pending.map { PendingLink(providerName: name($0.issuer), issuer: $0.issuer, subject: $0.subject, createdAt: $0.createdAt) },
            providers: providers.map { Forms.Option(value: $0.issuer, label: $0.name) })
    }
}
