import Foundation
import SwitchboardCore

/// The service-level table (everyone signed in reads it; administrators add and edit levels).
enum ServiceLevelsPage: WebPage {
    struct Model {
        var levels: [ServiceLevel]
        var mayEdit: Bool
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        var notice: String?
    }
}
