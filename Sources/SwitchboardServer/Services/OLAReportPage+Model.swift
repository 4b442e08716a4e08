import Foundation
import SwitchboardCore

/// The OLA report page (seed 004's layout), its narrative form and the print view.
enum OLAReportPage: WebPage {
    struct Model {
        var report: OLAReport
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        var notice: String?
        var error: String?
        /// The print view: no navigation, no forms.
        var print = false

        var query: [(String, String)] { [("from", report.range.first.description), ("to", report.range.last.description)] }
    }
}
