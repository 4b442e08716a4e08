import Fluent
import Foundation
import SwitchboardCore

/// What a person sends to change their lists; a field left out keeps its value.
public struct ListPreferencesInput: Codable, Sendable {
    /// Column names (`status`, `priority`, `response`, `unit`, `responsible`, `opened`, `updated`).
    public var columns: [String]?
    /// The dashboard's lists in order (`assigned`, `units`, `submitted`, `view:<id>`).
    public var dashboard: [String]?

    public init(columns: [String]? = nil, dashboard: [String]? = nil) {
        self.columns = columns
        self.dashboard = dashboard
    }
}

/// A person's list columns and dashboard lists (`ListPreferences` in the core holds the rules).
public struct ListPreferenceOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var listPreferences: ListPreferenceOperations { ListPreferenceOperations(helpdesk: self) }
}

extension ListPreferenceOperations {
    /// The person's choices; the defaults when they never changed anything. A dashboard view
    /// that was removed since, or that the person no longer sees, is left out when the
    /// dashboard is drawn (`DashboardPage.query`), not here.
    public func preferences(for principal: Principal) async throws -> ListPreferences {
        guard let userID = principal.userID,
              let row = try await ListPreferencesModel.query(on: helpdesk.database).filter(\.$user.$id == userID).first()
        else { return ListPreferences() }
        return Self.decode(row)
    }

    public func update(_ input: ListPreferencesInput, by acting: Acting) async throws -> ListPreferences {
        let principal = acting.principal
        guard let userID = principal.userID else { throw HelpdeskError.forbidden("Sign in to change your lists.") }
        var errors = FieldErrors()
        let columns = input.columns.map { ListPreferences.columns(from: $0, into: &errors) }
        var chosenDashboard: [DashboardSection]?
        if let keys = input.dashboard {
            let visible = Set(try await helpdesk.savedViews.views(for: principal, countUpTo: 0).compactMap(\.view.id))
            chosenDashboard = ListPreferences.dashboard(from: keys, isSupporter: principal.isSupporter, visibleViews: visible, into: &errors)
        }
        try HelpdeskError.check(errors)
        let dashboard = chosenDashboard
        return try await helpdesk.change(by: acting) { context in
            let row = try await ListPreferencesModel.query(on: context.database).filter(\.$user.$id == userID).first()
                ?? ListPreferencesModel()
            var preferences = row.id == nil ? ListPreferences() : Self.decode(row)
            if let columns { preferences.columns = columns }
            if let dashboard { preferences.dashboard = dashboard }
            if row.id == nil { row.id = UUID(); row.$user.id = userID }
            row.columns = preferences.columns.map(\.rawValue).joined(separator: ",")
            row.dashboard = preferences.dashboard?.map(\.key).joined(separator: ",")
            row.updatedAt = context.now
            try await row.save(on: context.database)
            return preferences
        }
    }

    /// Back to the default columns and dashboard.
    public func reset(by acting: Acting) async throws {
        guard let userID = acting.principal.userID else { throw HelpdeskError.forbidden("Sign in to change your lists.") }
        try await helpdesk.change(by: acting) { context in
            try await ListPreferencesModel.query(on: context.database).filter(\.$user.$id == userID).delete()
        }
    }

    /// A stored row; names a later version no longer knows are skipped.
    static func decode(_ row: ListPreferencesModel) -> ListPreferences {
        let columns = row.columns.split(separator: ",").compactMap { TicketListColumn(rawValue: String($0)) }
        let dashboard = row.dashboard.map { $0.split(separator: ",").compactMap { DashboardSection(key: String($0)) } }
        return ListPreferences(columns: columns, dashboard: dashboard)
    }
}
