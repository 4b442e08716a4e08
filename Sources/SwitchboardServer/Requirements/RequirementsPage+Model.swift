import Foundation
import SwitchboardCore

/// The requirement report (supporters): requirement tickets with their estimate, where they
/// went and where they stand; second line reads the requirements queue back from here.
enum RequirementsPage: WebPage {
    struct Model {
        var rows: [RequirementReportRow]
        var stage: RequirementStage?
        var thresholdPersonDays: Double
        /// The requirements queue's address, when one is configured.
        var queueURL: String?
        var maySync: Bool
        var notice: String?
        var error: String?
    }
}
