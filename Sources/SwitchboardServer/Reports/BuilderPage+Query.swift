import Foundation
import SwitchboardCore
import Vapor

/// Loading BuilderPage's and CompliancePage's models through the helpdesk's operations.
extension BuilderPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal, values: [String: String]) async throws -> Model {
        try ReportOperations.checkMayRead(actor)
        var model = Model(values: values, unitChoices: try await helpdesk.units.unitChoices())
        do {
            let database = helpdesk.database
            let question = try await BuilderQuestion.parse(values, now: helpdesk.clock.now()) { try await UnitOperations.unit($0, on: database) }
            model.answer = try await helpdesk.reports.build(question, for: actor)
        } catch let error as HelpdeskError {
            if case .forbidden = error { throw error }
            model.error = error.message
        }
        return model
    }
}

extension CompliancePage {
    static func query(_ helpdesk: Helpdesk, actor: Principal, values: [String: String]) async throws -> Model {
        try ReportOperations.checkMayRead(actor)
        var model = Model(values: values)
        do {
            let range = try ReportRange.parse(from: values["from"], to: values["to"], zone: values["zone"], split: "none", now: helpdesk.clock.now())
            guard let priorityAt = BuilderQuestion.PriorityAt(rawValue: values["priorityAt"] ?? "filing") else {
                throw HelpdeskError.invalid("priorityAt", "priorityAt is filing or current.")
            }
            model.report = try await helpdesk.reports.slaCompliance(range: range, priorityAt: priorityAt, for: actor)
        } catch let error as HelpdeskError {
            if case .forbidden = error { throw error }
            model.error = error.message
        }
        return model
    }
}
