import Foundation
import SwitchboardCore

/// One known issue: what it is, its state, and for supporters the tickets it was seen in and
/// the forms that keep it (edit and publish, resolve or reopen, link and unlink tickets).
enum KnownIssuePage: WebPage {
    /// The supporters' forms on the page (`/known-issues/{n}/{action}`).
    enum Action: String, CaseIterable {
        case edit, resolve, reopen, link, unlink
    }

    struct Model {
        var detail: KnownIssueDetail
        var mayKeep: Bool
        var notice: String?
        var error: String?
        /// The form that came back refused, its messages by field and what was typed.
        var refused: Action?
        var fieldErrors: [String: [String]] = [:]
        var typed: [String: String] = [:]
    }
}
