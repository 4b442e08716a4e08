import Foundation
import SwitchboardCore

/// The administrators' form for a service.
enum ServiceFormPage: WebPage {
    struct Model {
        var serviceID: UUID?
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var units: [(tier: SupportTier, units: [(id: UUID, name: String)])]
    }
}
