import Foundation
import SwitchboardCore
import Vapor

/// Loading ReportsPage's model through the helpdesk's operations.
extension ReportsPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal, url: URI) async throws -> Model {
        try ReportOperations.checkMayRead(actor)
        let values = url.nonEmptyQueryValues
        var model = Model(values: values, unitChoices: try await helpdesk.units.unitChoices())
        do {
            let range = try ReportRange.parse(from: values["from"], to: values["to"], zone: values["zone"], split: values["split"],
                                              now: helpdesk.clock.now())
            let unit = try await helpdesk.reports.reportUnit(values["unit"])
            model.table = try await helpdesk.reports.quarterly(unit: unit, range: range, alsoSplitBy: [.month, .week], for: actor)
            let backlog = try await helpdesk.reports.thirdLineBacklog(at: helpdesk.clock.now(), olderThanMonths: 2, calendar: range.calendar, for: actor)
            model.backlog = backlog.backlog
            model.backlogUnits = backlog.units
        } catch let error as HelpdeskError {
            if case .forbidden = error { throw error }
            model.error = error.message
        }
        return model
    }
}

extension ReportTicketsPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal, url: URI) async throws -> Model {
        let values = url.nonEmptyQueryValues
        guard let row = values["row"].flatMap(QuarterlyReport.Row.init(rawValue:)) else {
            throw HelpdeskError.invalid("row", "row is one of: \(QuarterlyReport.Row.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let range = try ReportRange.parse(from: values["from"], to: values["to"], zone: values["zone"], split: "none", now: helpdesk.clock.now())
        let unit = try await helpdesk.reports.reportUnit(values["unit"])
        return Model(list: try await helpdesk.reports.tickets(in: row, unit: unit, from: range.from, to: range.to, for: actor), zone: range.zone)
    }
}
