import Foundation
import SwitchboardCore

/// The releases: what waits in the release unit, the repositories' sync state, announcing a
/// release, and every release with its stage.
enum ReleasesPage: WebPage {
    struct Release {
        var id: UUID
        var component: String
        var product: String
        var version: String
        var stage: ReleaseStage
        var changedAt: Date
    }

    struct Repository {
        var name: String
        var stage: ReleaseStage
        var url: String
        var lastSuccessAt: Date?
        var lastError: String?
        var packageCount: Int?
    }

    struct Model {
        var queue: ReleaseQueue?
        var repositories: [Repository]
        var releases: [Release]
        var components: [Forms.Option]
        var mayAnnounce: Bool
        var maySync: Bool
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        var notice: String?
        var error: String?
    }
}
