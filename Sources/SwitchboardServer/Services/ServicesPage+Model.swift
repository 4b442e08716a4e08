import Foundation
import SwitchboardCore

/// The service catalogue (supporters and administrators): each service with its provider,
/// targets and last full month's availability and reliability.
enum ServicesPage: WebPage {
    struct Row {
        var service: ServiceModel
        var lastMonth: StatusDurations
    }

    struct Model {
        var month: YearMonth
        var rows: [Row]
        var mayCreate: Bool
    }
}

/// One service: endpoints, a year of monthly availability with the chart, its downtimes, and
/// (for administrators and the provider unit) a form to enter a downtime.
enum ServicePage: WebPage {
    struct Model {
        var service: ServiceModel
        var months: [AvailabilityMonth]
        var downtimes: [DowntimeModel]
        var mayEdit: Bool
        var mayAdminister: Bool
        var downtimeValues: [String: String] = [:]
        var downtimeErrors: [String: [String]] = [:]
        var notice: String?
        var error: String?
    }
}

/// The administrators' form for a service.
enum ServiceFormPage: WebPage {
    struct Model {
        var serviceID: UUID?
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var units: [(tier: SupportTier, units: [(id: UUID, name: String)])]
    }
}

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
