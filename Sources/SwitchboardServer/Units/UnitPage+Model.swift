import Fluent
import Foundation
import SwitchboardCore

/// One unit: its facts and members; administrators and the unit's unit admins add members.
enum UnitPage: WebPage {
    struct Model {
        var unit: UnitsPage.Unit
        var timeZone: String
        var members: [(id: UUID, name: String, email: String, role: MembershipRole)]
        var mayManageMembers: Bool
        var mayEdit: Bool
        var sweepDays: String = ""
        var maySweep = false
        var memberErrors: [String: [String]] = [:]
        var memberValues: [String: String] = [:]
        var notice: String?
    }
}
