import Fluent
import Foundation
import SwitchboardCore

/// The list of accounts and the form to create one (administrators).
enum UsersPage: WebPage {
    struct Model {
        var users: [(id: UUID, name: String, email: String, isAdmin: Bool, units: [String])]
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        var notice: String?
    }
}
