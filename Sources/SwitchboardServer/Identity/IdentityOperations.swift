import Fluent
import Foundation
import SwitchboardCore

/// The federated identities of accounts: read by the person and administrators, linked and
/// unlinked by administrators (the other way to link an identity whose address matches a
/// local account), and the VO choices a person's entitlements give.
public struct IdentityOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var identities: IdentityOperations { IdentityOperations(helpdesk: self) }
}

extension IdentityOperations {
    /// A person's identities, for themself or an administrator.
    public func identities(of userID: UUID, by acting: Acting) async throws -> [FederatedIdentityModel] {
        guard acting.principal.userID == userID || Permissions.mayAdminister(acting.principal) else {
            throw HelpdeskError.notFound("There is no such user.")
        }
        _ = try await helpdesk.accounts.find(userID)
        return try await FederatedIdentityModel.query(on: helpdesk.database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
    }

    /// Identities waiting for this account owner's password, for administrators.
    public func pendingLinks(of userID: UUID) async throws -> [IdentityLinkRequestModel] {
        try await IdentityLinkRequestModel.query(on: helpdesk.database).filter(\.$user.$id == userID)
            .filter(\.$expiresAt > helpdesk.clock.now()).sort(\.$createdAt).all()
    }

    /// The VOs a person's entitlements name (at their last sign-in): their tickets' VO choices.
    public func virtualOrganisations(of userID: UUID) async throws -> [String] {
        let identities = try await FederatedIdentityModel.query(on: helpdesk.database).filter(\.$user.$id == userID).all()
        return Entitlement.virtualOrganisations(of: identities.flatMap(\.entitlements))
    }

    /// An administrator links an identity at a configured provider to an account.
    public func link(userID: UUID, issuer: String?, subject: String?, by acting: Acting) async throws -> FederatedIdentityModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may link identities.") }
        var errors = FieldErrors()
        let subject = (subject ?? "").trimmingCharacters(in: .whitespaces)
        let provider = helpdesk.identityProviders.provider(issuer: issuer ?? "")
        if provider == nil {
            errors.add("issuer", "The issuer must be one of the configured providers': \(helpdesk.identityProviders.clients.map(\.provider.issuer).joined(separator: ", ")).")
        }
        if subject.isEmpty || subject.count > 255 { errors.add("subject", "Give the identity's subject (sub), at most 255 characters.") }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard try await UserModel.find(userID, on: database) != nil else { throw HelpdeskError.notFound("There is no such user.") }
            if let existing = try await FederatedIdentityModel.query(on: database).filter(\.$issuer == provider!.issuer).filter(\.$subject == subject).first() {
                throw HelpdeskError.conflict(existing.$user.id == userID ? "This identity is linked to the account already." : "This identity is linked to another account.")
            }
            let pending = try await IdentityLinkRequestModel.query(on: database).filter(\.$issuer == provider!.issuer).filter(\.$subject == subject).first()
            return try await FederatedSignInOperations.insertIdentity(userID: userID, provider: provider!, subject: subject, email: pending?.email,
                                                                      entitlements: pending?.entitlements ?? [], signingIn: false, in: context)
        }
    }

    /// An administrator unlinks an identity; with it go the memberships rules granted when the
    /// account has no identity left to follow.
    public func unlink(userID: UUID, identityID: UUID, by acting: Acting) async throws {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may unlink identities.") }
        try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let identity = try await FederatedIdentityModel.find(identityID, on: database), identity.$user.id == userID else {
                throw HelpdeskError.notFound("The account has no such identity.")
            }
            try await identity.delete(on: database)
            let left = try await FederatedIdentityModel.query(on: database).filter(\.$user.$id == userID).all()
            try await EntitlementRuleOperations.follow(left.flatMap(\.entitlements), userID: userID, in: context)
        }
    }
}
