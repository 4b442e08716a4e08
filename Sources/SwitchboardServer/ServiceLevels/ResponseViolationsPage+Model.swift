import Foundation
import SwitchboardCore
import Vapor

/// The response targets units missed (supporters and administrators): how many per unit in a
/// period, the figure the technical coordination board reads, and each violation with how late
/// the unit's reaction came.
enum ResponseViolationsPage: WebPage {
    struct Model {
        var report: ResponseViolationReport?
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])]
        var values: [String: String]
        var error: String?
    }
}
