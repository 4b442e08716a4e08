import Foundation
import SwitchboardCore

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
