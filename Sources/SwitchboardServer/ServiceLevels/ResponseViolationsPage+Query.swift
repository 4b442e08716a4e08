import Foundation
import SwitchboardCore
import Vapor

/// Loading ResponseViolationsPage's model through the helpdesk's operations.
extension ResponseViolationsPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal, url: URI) async throws -> Model {
        let values = url.nonEmptyQueryValues
        var model = Model(report: nil, unitChoices: try await helpdesk.units.unitChoices(), values: values)
        do {
            let filter = try ResponseViolationFilter.parse(unit: values["supportUnit"], from: values["from"], to: values["to"], limit: nil)
            model.report = try await helpdesk.serviceLevels.responseViolations(filter, for: actor)
        } catch let error as HelpdeskError {
            if case .forbidden = error { throw error }
            model.error = error.message
        }
        return model
    }
}
