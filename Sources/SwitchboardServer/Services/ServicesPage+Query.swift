import Foundation
import SwitchboardCore
import Vapor

/// Loading the services pages' models through the helpdesk's operations.
extension ServicesPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal) async throws -> Model {
        let month = YearMonth(containing: Int64(helpdesk.clock.now().timeIntervalSince1970)).previous
        let range = MonthRange(first: month, last: month)
        var rows: [Row] = []
        for service in try await helpdesk.services.all(for: actor) {
            let figures = try await helpdesk.availability.monthly(service, range: range, for: actor)
            rows.append(Row(service: service, lastMonth: figures.first?.durations ?? StatusDurations()))
        }
        return Model(month: month, rows: rows, mayCreate: Permissions.mayAdminister(actor))
    }
}

extension ServicePage {
    static func query(_ helpdesk: Helpdesk, id: UUID, actor: Principal) async throws -> Model {
        let service = try await helpdesk.services.find(id.uuidString, for: actor)
        let last = YearMonth(containing: Int64(helpdesk.clock.now().timeIntervalSince1970))
        let range = MonthRange(first: (0..<11).reduce(last) { month, _ in month.previous }, last: last)
        let months = try await helpdesk.availability.monthly(service, range: range, for: actor)
        let downtimes = try await helpdesk.downtimes.list(service: id.uuidString, from: range.first.start, to: nil, for: actor)
        return Model(service: service, months: months, downtimes: downtimes, mayEdit: OLAReportOperations.mayEdit(actor, service),
                     mayAdminister: Permissions.mayAdminister(actor))
    }
}

extension OLAReportPage {
    static func query(_ helpdesk: Helpdesk, id: UUID, actor: Principal, url: URI) async throws -> Model {
        let values = url.nonEmptyQueryValues
        let range = try MonthRange.parse(from: values["from"], to: values["to"], now: helpdesk.clock.now())
        let report = try await helpdesk.olaReports.report(service: id.uuidString, range: range, for: actor)
        return Model(report: report, values: formValues(report.narrative))
    }

    /// The narrative as the form shows it: effort one person a line, "Name: months".
    static func formValues(_ narrative: OLANarrative) -> [String: String] {
        ["effort": narrative.effort.map { "\($0.person): \(SVGChart.format($0.personMonths))" }.joined(separator: "\n"),
         "overview": narrative.overview, "issuesArising": narrative.issuesArising, "measuresPlanned": narrative.measuresPlanned,
         "foreseenActivities": narrative.foreseenActivities]
    }
}
