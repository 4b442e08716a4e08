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
        var passwordErrors: [String: [String]] = [:]
        var tokenNameErrors: [String]?
        var notice: String?
        /// A token just created: shown once.
        var newToken: String?
    }
}
