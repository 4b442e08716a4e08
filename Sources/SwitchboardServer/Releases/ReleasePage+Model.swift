import Foundation
import SwitchboardCore

/// One release: where it is, how it got there, the tickets it closed or will close.
enum ReleasePage: WebPage {
    struct Change {
        var from: ReleaseStage?
        var to: ReleaseStage
        var reason: String?
        var by: String
        var at: Date
    }

    struct Ticket {
        var id: Int
        var subject: String
        var fixedVersion: String
    }

    struct Model {
        var id: UUID
        var component: String
        var product: String
        var version: String
        var stage: ReleaseStage
        var reason: String?
        var history: [Change]
        var closed: [Ticket]
        var waiting: [Ticket]
        /// The stages the viewer may move it to (empty when they may not move it).
        var moves: [ReleaseStage]
        var error: String?
        var notice: String?
    }
}
