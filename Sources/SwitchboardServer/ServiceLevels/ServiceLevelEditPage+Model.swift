import Foundation
import SwitchboardCore

/// Editing one level (administrators).
enum ServiceLevelEditPage: WebPage {
    struct Model {
        var name: String
        var values: [String: String]
        var errors: [String: [String]] = [:]
    }
}
