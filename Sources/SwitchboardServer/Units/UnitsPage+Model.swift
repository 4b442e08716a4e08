import Fluent
import Foundation
import SwitchboardCore

/// The support-unit directory, grouped by tier.
enum UnitsPage: WebPage {
    struct Unit {
        var id: UUID
        var name: String
        var tier: SupportTier
        var parentName: String?
        var mailingList: String
        var serviceLevel: String
        var memberCount: Int
    }

    struct Model {
        var units: [Unit]
        var mayCreate: Bool
    }
}
