import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Loading DashboardPage's model through the helpdesk's operations.
extension DashboardPage {
    /// Loads the page for a signed-in person.
    static func query(_ helpdesk: Helpdesk, actor: Principal, filters: Filters, limit: Int = 50) async throws -> Model {
        var base = TicketFilter()
        base.sort = filters.sort
        base.limit = limit
        if let status = filters.status { base.statuses = [status] }
        if let priority = filters.priority { base.priorities = [priority] }
        if let days = filters.olderThanDays { base.createdBefore = helpdesk.clock.now().addingTimeInterval(-Double(days) * 86_400) }
        let isSupporter = actor.isSupporter
        guard isSupporter, let userID = actor.userID else {
            var mine = base
            mine.submitterID = actor.userID
            let page = try await helpdesk.ticketQueries.listTickets(mine, for: actor)
            return Model(isSupporter: false, filters: filters, countsByStatus: [], unitTickets: [],
                         myTickets: try await helpdesk.ticketQueries.rows(for: page.tickets, seesInternal: false), unitOptions: [],
                         views: try await helpdesk.savedViews.views(for: actor))
        }
        let myUnits = Set(actor.memberships.map(\.unitID))
        var open = base
        if base.statuses.isEmpty { open.statuses = Set(TicketStatus.openStatuses) }
        var unitFilter = open
        unitFilter.supportUnitIDs = filters.unit.map { myUnits.contains($0) ? [$0] : [] } ?? myUnits
        if unitFilter.supportUnitIDs.isEmpty { unitFilter.supportUnitIDs = myUnits }
        var assigned = open
        assigned.assigneeID = userID
        async let unitPage = helpdesk.ticketQueries.listTickets(unitFilter, for: actor)
        async let assignedPage = helpdesk.ticketQueries.listTickets(assigned, for: actor)
        async let counts = helpdesk.ticketQueries.countOpenByStatus(units: myUnits)
        let units = try await helpdesk.units.all().filter { $0.id.map(myUnits.contains) ?? false }
        return Model(
            isSupporter: true, filters: filters, countsByStatus: try await counts,
            unitTickets: try await helpdesk.ticketQueries.rows(for: try await unitPage.tickets, seesInternal: true),
            myTickets: try await helpdesk.ticketQueries.rows(for: try await assignedPage.tickets, seesInternal: true),
            unitOptions: try units.map { Forms.Option(value: try $0.requireID().uuidString, label: $0.name) },
            views: try await helpdesk.savedViews.views(for: actor))
    }
}
