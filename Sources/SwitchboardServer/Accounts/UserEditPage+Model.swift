import Fluent
import Foundation
import SwitchboardCore

/// Editing one account (administrators): name, administrator flag, a new password.
enum UserEditPage: WebPage {
    struct Model {
        var id: UUID
        var email: String
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var notice: String?
    }
}
