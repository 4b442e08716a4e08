import Fluent
import Foundation
import SwitchboardCore

/// Editing one account (administrators): name, administrator flag, a new password, and the
/// identities at sign-in providers linked to it.
enum UserEditPage: WebPage {
    struct Identity {
        var id: UUID
        var providerName: String
        var subject: String
        var email: String?
        var lastSignInAt: Date?
        var virtualOrganisations: [String]
    }

    /// An identity whose address matched this account at a sign-in, waiting for its password.
    struct PendingLink {
        var providerName: String
        var issuer: String
        var subject: String
        var createdAt: Date
    }

    struct Model {
        var id: UUID
        var email: String
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var notice: String?
        var identities: [Identity] = []
        var pendingLinks: [PendingLink] = []
        /// The configured providers (issuer, name), for linking an identity by hand.
        var providers: [Forms.Option] = []
        var identityError: String?
    }
}
