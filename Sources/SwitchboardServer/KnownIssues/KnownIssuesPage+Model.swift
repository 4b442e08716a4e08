import Foundation
import SwitchboardCore

/// The known issues: open ones first. Everyone reads the published ones; supporters also the
/// drafts, and find the digest and the way to document one here.
enum KnownIssuesPage: WebPage {
    struct Model {
        var issues: [KnownIssueDetail]
        var state: KnownIssueState?
        var mayKeep: Bool
    }
}
