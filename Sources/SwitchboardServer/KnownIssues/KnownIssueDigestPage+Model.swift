import Foundation
import SwitchboardCore

/// The digest for an operations meeting: the known issues opened, changed or resolved since a
/// day, on the page and as files (Markdown for the wiki, plain text, JSON); supporters mail it
/// to the operations list.
enum KnownIssueDigestPage: WebPage {
    struct Model {
        var content: KnownIssueDigestContent
        /// The day as the form shows it (YYYY-MM-DD).
        var sinceDay: String
        var mayMail: Bool
        /// The operations list, when one is configured.
        var mailAddress: String?
        /// Drafts appear (the reader is a supporter).
        var includesDrafts: Bool
        var notice: String?
        var error: String?
    }
}
