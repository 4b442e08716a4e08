import Foundation
import SwitchboardCore

extension RequirementsPage {
    static func query(_ helpdesk: Helpdesk, stage: RequirementStage?, actor: Principal) async throws -> Model {
        let settings = helpdesk.configuration.requirements
        return Model(rows: try await helpdesk.requirements.report(stage: stage, for: actor), stage: stage, thresholdPersonDays: settings.thresholdPersonDays,
                     queueURL: settings.tracker?.baseURL, maySync: RequirementRules.mayAssess(actor) && settings.tracker != nil)
    }
}
