import Fluent
import Foundation
import SwitchboardCore

/// Loading UnitsPage's model through the helpdesk's operations.
extension UnitsPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal) async throws -> Model {
        let units = try await helpdesk.units.all()
        let names = Dictionary(uniqueKeysWithValues: try units.map { (try $0.requireID(), $0.name) })
        let counts = Dictionary(grouping: try await helpdesk.units.allMemberships(), by: { $0.$unit.id }).mapValues(\.count)
        return Model(units: try units.map { unit in
            let id = try unit.requireID()
            return Unit(id: id, name: unit.name, tier: unit.tier, parentName: unit.$parent.id.flatMap { names[$0] },
                        mailingList: unit.mailingList, serviceLevel: unit.serviceLevel, memberCount: counts[id] ?? 0)
        }, mayCreate: Permissions.mayAdminister(actor))
    }
}
