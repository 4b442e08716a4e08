import Fluent
import Foundation
import SwitchboardCore

/// Loading UnitPage's model through the helpdesk's operations.
extension UnitPage {
    static func query(_ helpdesk: Helpdesk, id: UUID, actor: Principal) async throws -> Model {
        let unit = try await helpdesk.units.find(id)
        let parent: SupportUnitModel? = if let parentID = unit.$parent.id { try await helpdesk.units.find(parentID) } else { nil }
        let members = try await helpdesk.units.members(ofUnit: id)
        let count = members.count
        let seesTemplates = actor.isSupporter || actor.isAdmin
        var model = Model(
            unit: UnitsPage.Unit(id: id, name: unit.name, tier: unit.tier, parentName: parent?.name, mailingList: unit.mailingList,
                                 serviceLevel: unit.serviceLevel, memberCount: count),
            timeZone: unit.timeZone,
            members: try members.map { (id: try $0.user.requireID(), name: $0.user.displayName, email: $0.user.email, role: $0.role) },
            mayManageMembers: Permissions.mayManageMembers(of: id, actor), mayEdit: Permissions.mayAdminister(actor),
            sweepDays: SweepRules.weekdayNames(helpdesk.sweep.sweepDays(of: unit)).joined(separator: ", "),
            maySweep: actor.isSupporter || actor.isAdmin)
        if seesTemplates {
            model.templates = try await helpdesk.replyTemplates.templates(ofUnit: id, for: actor)
            model.mayKeepTemplates = ReplyTemplateOperations.mayKeep(actor, unitID: id)
        }
        return model
    }
}
