import Foundation
import SwitchboardCore

/// Loading ServiceLevelsPage's model through the helpdesk's operations.
extension ServiceLevelsPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal) async throws -> Model {
        Model(levels: try await helpdesk.serviceLevels.all().map(\.level), mayEdit: Permissions.mayAdminister(actor))
    }
}
