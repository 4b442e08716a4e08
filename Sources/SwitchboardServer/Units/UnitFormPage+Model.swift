import Fluent
import Foundation
import SwitchboardCore

/// Creating and editing a unit (administrators).
enum UnitFormPage: WebPage {
    struct Model {
        /// Nil when creating.
        var unitID: UUID?
        var values: [String: String]
        var errors: [String: [String]] = [:]
        var parents: [Forms.Option]
        var levels: [String] = ServiceLevelName.all
    }
}
