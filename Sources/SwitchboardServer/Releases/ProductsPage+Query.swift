import Foundation
import SwitchboardCore

/// Loading ProductsPage's model through the helpdesk's operations.
extension ProductsPage {
    static func query(_ helpdesk: Helpdesk, principal: Principal) async throws -> Model {
        let products = try await helpdesk.products.all()
        let teams = principal.isAdmin ? try await helpdesk.units.all().filter { $0.tier == .thirdLine } : []
        return Model(
            products: try products.map { product in
                Product(id: try product.requireID(), name: product.name, owner: product.ownerUnit.name, description: product.productDescription,
                        components: product.components.map(\.name).sorted(),
                        mayAddComponent: principal.isAdmin || principal.memberships.contains { $0.unitID == product.$ownerUnit.id })
            },
            mayCreate: principal.isAdmin,
            teams: teams.map { Forms.Option(value: $0.name, label: $0.name) })
    }
}
