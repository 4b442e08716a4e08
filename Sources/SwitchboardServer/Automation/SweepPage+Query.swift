import Foundation
import SwitchboardCore

/// Loading SweepPage's model through the helpdesk's operations.
extension SweepPage {
    static func query(_ helpdesk: Helpdesk, unitID: UUID, acting: Acting) async throws -> Model {
        let agenda = try await helpdesk.sweep.sweepAgenda(unit: unitID.uuidString, by: acting)
        let days = SweepRules.weekdayNames(agenda.sweepDays)
        return Model(unitID: unitID, unitName: agenda.unit.name, sweepDays: days, nextSweep: agenda.nextSweep?.description, groups: agenda.groups)
    }
}
