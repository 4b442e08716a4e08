import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Loading DashboardPage's model through the helpdesk's operations.
extension DashboardPage {
    /// Loads the page for a signed-in person: each of their dashboard's lists, in their order.
    /// `lists`: their views and preferences as the page frame loaded them with the session.
    static func query(_ helpdesk: Helpdesk, actor: Principal, lists: ViewerLists, filters: Filters, limit: Int = 50) async throws -> Model {
        let isSupporter = actor.isSupporter
        let (preferences, views) = (lists.preferences, lists.views)
        let viewsByID = Dictionary(views.compactMap { view in view.view.id.map { ($0, view) } }, uniquingKeysWith: { first, _ in first })
        let shown = preferences.dashboard(isSupporter: isSupporter).filter { section in
            // A view removed since, or no longer seen, drops out.
            if case .view(let id) = section { return viewsByID[id] != nil }
            return section.isOffered(toSupporter: isSupporter)
        }
        var sections: [Section] = []
        for section in shown {
            sections.append(try await load(section, helpdesk: helpdesk, actor: actor, filters: filters, limit: limit, views: viewsByID))
        }
        let myUnits = Set(actor.memberships.map(\.unitID))
        let units = isSupporter ? try await helpdesk.units.all().filter { $0.id.map(myUnits.contains) ?? false } : []
        let candidates = DashboardSection.builtIn(isSupporter: isSupporter) + views.compactMap { $0.view.id.map(DashboardSection.view) }
        let choices = candidates.map { candidate in
            Choice(section: candidate, title: candidate.builtInTitle ?? title(of: candidate, views: viewsByID),
                   position: shown.firstIndex(of: candidate).map { $0 + 1 })
        }
        return Model(
            isSupporter: isSupporter, filters: filters,
            countsByStatus: isSupporter ? try await helpdesk.ticketQueries.countOpenByStatus(units: myUnits) : [],
            sections: sections,
            unitOptions: try units.map { Forms.Option(value: try $0.requireID().uuidString, label: $0.name) },
            choices: choices, columns: preferences.columns)
    }

    private static func title(of section: DashboardSection, views: [UUID: SavedView]) -> String {
        guard case .view(let id) = section, let saved = views[id] else { return section.key }
        return saved.unitName.map { "\(saved.view.name) (\($0))" } ?? saved.view.name
    }

    /// One list: a built-in one narrowed by the dashboard's filters, or a saved view as saved.
    private static func load(_ section: DashboardSection, helpdesk: Helpdesk, actor: Principal, filters: Filters, limit: Int,
                             views: [UUID: SavedView]) async throws -> Section {
        var filter = TicketFilter()
        filter.sort = filters.sort
        if let status = filters.status { filter.statuses = [status] }
        if let priority = filters.priority { filter.priorities = [priority] }
        if let days = filters.olderThanDays { filter.createdBefore = helpdesk.clock.now().addingTimeInterval(-Double(days) * 86_400) }
        let openUnlessChosen = filter.statuses.isEmpty ? Set(TicketStatus.openStatuses) : filter.statuses
        let myUnits = Set(actor.memberships.map(\.unitID))
        var empty: String
        var searchURL: String?
        switch section {
        case .assignedToMe:
            filter.statuses = openUnlessChosen
            filter.assigneeID = actor.userID
            empty = "No open tickets are assigned to you."
        case .unitQueue:
            filter.statuses = openUnlessChosen
            filter.supportUnitIDs = filters.unit.map { myUnits.contains($0) ? [$0] : [] } ?? myUnits
            if filter.supportUnitIDs.isEmpty { filter.supportUnitIDs = myUnits }
            empty = "Your units have no open tickets that match."
        case .submittedByMe:
            filter.submitterID = actor.userID
            empty = "You have not filed any tickets that match."
        case .view(let id):
            guard let saved = views[id] else { throw HelpdeskError.notFound("There is no view \(id).") }
            filter = try SavedViewOperations.filter(of: saved.view)
            searchURL = saved.url
            empty = "This view finds no tickets."
        }
        // A view keeps its own page size when it has a smaller one.
        if case .view = section { filter.limit = min(filter.limit, limit) } else { filter.limit = limit }
        let page = try await helpdesk.ticketQueries.listTickets(filter, for: actor)
        let rows = try await helpdesk.ticketQueries.rows(for: page.tickets, seesInternal: actor.isSupporter || actor.isAdmin)
        return Section(section: section, title: section.builtInTitle ?? title(of: section, views: views), rows: rows,
                       empty: empty, searchURL: searchURL)
    }
}
