import Foundation
import SwitchboardCore
import Vapor

/// Loading OLAReportPage's model through the helpdesk's operations.
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
