import Foundation
import SwitchboardCore

/// What every page shows of a signed-in person's lists: their saved views with bounded counts
/// (the navigation) and their list preferences (columns, dashboard). Loaded once per web
/// request, with the session.
struct ViewerLists: Sendable {
    var views: [SavedView]
    var preferences: ListPreferences

    /// A view's count in the navigation stops here: reading the ids of a thousand tickets is
    /// cheap, counting half a million on every page is not.
    static let countBound = 1000

    static let none = ViewerLists(views: [], preferences: ListPreferences())

    static func load(_ helpdesk: Helpdesk, for principal: Principal) async throws -> ViewerLists {
        async let views = helpdesk.savedViews.views(for: principal, countUpTo: countBound)
        async let preferences = helpdesk.listPreferences.preferences(for: principal)
        return ViewerLists(views: try await views, preferences: try await preferences)
    }
}
