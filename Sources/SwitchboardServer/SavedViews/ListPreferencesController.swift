import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/list-preferences`: the signed-in person's list columns and dashboard lists.
struct ListPreferencesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("list-preferences", use: show)
        routes.put("list-preferences", use: update)
        routes.delete("list-preferences", use: reset)
    }

    func show(_ request: Request) async throws -> ListPreferencesResponse {
        let principal = try request.signedIn.principal
        return ListPreferencesResponse(try await request.helpdesk.listPreferences.preferences(for: principal), isSupporter: principal.isSupporter)
    }

    func update(_ request: Request) async throws -> ListPreferencesResponse {
        let acting = try request.signedIn.acting
        let preferences = try await request.helpdesk.listPreferences.update(try request.content.decode(ListPreferencesInput.self), by: acting)
        return ListPreferencesResponse(preferences, isSupporter: acting.principal.isSupporter)
    }

    func reset(_ request: Request) async throws -> ListPreferencesResponse {
        let acting = try request.signedIn.acting
        try await request.helpdesk.listPreferences.reset(by: acting)
        return ListPreferencesResponse(ListPreferences(), isSupporter: acting.principal.isSupporter)
    }
}

struct ListPreferencesResponse: Content {
    var columns: [String]
    /// The dashboard's lists in order, the defaults included.
    var dashboard: [String]
    /// Whether the dashboard is the default one (never changed, or reset).
    var dashboardIsDefault: Bool

    init(_ preferences: ListPreferences, isSupporter: Bool) {
        columns = preferences.columns.map(\.rawValue)
        dashboard = preferences.dashboard(isSupporter: isSupporter).map(\.key)
        dashboardIsDefault = preferences.dashboard == nil
    }
}
