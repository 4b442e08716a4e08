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
        /// The unit's reply templates, most used first (supporters and administrators see them).
        var templates: [ReplyTemplateModel] = []
        var mayKeepTemplates = false
        var templateErrors: [String: [String]] = [:]
        var templateValues: [String: String] = [:]
        var notice: String?
        var error: String?
    }
}
