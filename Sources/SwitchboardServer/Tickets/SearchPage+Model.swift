import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// Every filter of the API on one form. The query string is the whole state, so a search can be
/// bookmarked and shared; pages follow the API's cursors.
enum SearchPage: WebPage {
    struct Model {
        /// The query parameters as given, to refill the form (the last value of each).
        var values: [String: String]
        /// Every value of the filters that take several (status, priority, category).
        var chosen: [String: Set<String>] = [:]
        /// The query without the cursor, for the link back to the first page.
        var firstPageURL: String = SiteURL.search.path
        var errors: [String: [String]]
        var rows: [TicketRow]
        var nextPageURL: String?
        var isFirstPage: Bool
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])]
        var people: [Forms.Option]
        /// Supporters may select tickets and change them together.
        var offersBulkChanges = false
        /// What the last bulk change did, shown above the list it came from.
        var bulkOutcome: BulkChange.Outcome?
        /// A bulk change refused as a whole (no ticket selected, no change chosen).
        var bulkError: String?
        /// The units the viewer may share a view with (those they administer; all for administrators).
        var shareUnits: [Forms.Option] = []
        /// The save form's messages and values when it was refused.
        var viewErrors: [String: [String]] = [:]
        var viewName: String?

        /// The search's query string without its cursor (what a view keeps, what a bulk change returns to).
        var query: String {
            firstPageURL.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        }
    }
}
