import Foundation

/// The account page: password change and API tokens.
enum AccountPage: WebPage {
    struct Token {
        var id: UUID
        var name: String
        var createdAt: Date
        var revokedAt: Date?
    }

    struct Model {
        var email: String
        var displayName: String
        var memberships: [(unit: String, role: String)]
        var tokens: [Token]
        var notifyOwnChanges = false
        /// Whether the password can be changed here (a local password, and passwords in use).
        var hasPassword = true
        /// The sign-in providers the account is linked to (name, subject) and the VOs they assert.
        var identities: [(provider: String, subject: String)] = []
        var virtualOrganisations: [String] = []
        var passwordErrors: [String: [String]] = [:]
        var tokenNameErrors: [String]?
        var notice: String?
        /// A token just created: shown once.
        var newToken: String?
    }
}
