import Fluent
import Foundation
import SwitchboardCore

/// Loading UsersPage's model through the helpdesk's operations.
extension UsersPage {
    static func query(_ helpdesk: Helpdesk) async throws -> Model {
        let users = try await helpdesk.accounts.all()
        let unitsByUser = Dictionary(grouping: try await helpdesk.units.allMemberships(), by: { $0.$user.id }).mapValues { $0.map(\.unit.name).sorted() }
        return Model(users: try users.map {
            let id = try $0.requireID()
            return (id: id, name: $0.displayName, email: $0.email, isAdmin: $0.isAdmin, units: unitsByUser[id] ?? [])
        })
    }
}
