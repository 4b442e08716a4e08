import Foundation
import SwitchboardCore

/// The report builder (supporters and administrators), in the spirit of GGUS's report
/// generator: tickets filed in a range, filtered, grouped, and measured; as a table or CSV.
enum BuilderPage: WebPage {
    struct Model {
        var values: [String: String]
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])]
        var answer: BuilderAnswer?
        var error: String?
    }
}

/// Response-target compliance of the product teams, per level as in the seed's Table 3 and per team.
enum CompliancePage: WebPage {
    struct Model {
        var values: [String: String]
        var report: ComplianceReport?
        var error: String?
    }
}
