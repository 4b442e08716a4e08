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
