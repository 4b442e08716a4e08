import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// A supporter's dashboard (the open tickets of their units and the ones they are responsible
/// for, with counts) or a submitter's "my tickets".
enum DashboardPage: WebPage {
    struct Filters {
        var status: TicketStatus?
        var priority: TicketPriority?
        var unit: UUID?
        /// Only tickets older than this many days.
        var olderThanDays: Int?
        var sort: TicketSort = .createdDescending
    }

    struct Model {
        var isSupporter: Bool
        var filters: Filters
        var countsByStatus: [(status: TicketStatus, count: Int)]
        var unitTickets: [TicketRow]
        var myTickets: [TicketRow]
        var unitOptions: [Forms.Option]
    }

    static let ageOptions = [Forms.Option(value: "1", label: "Older than a day"), Forms.Option(value: "7", label: "Older than a week"),
                             Forms.Option(value: "30", label: "Older than a month")]
    static let sortOptions = [
        Forms.Option(value: "-created", label: "Newest first"), Forms.Option(value: "created", label: "Oldest first"),
        Forms.Option(value: "-updated", label: "Recently updated"), Forms.Option(value: "-priority", label: "Most urgent first"),
    ]

    static func render(_ model: Model, context: PageContext) -> String {
        let filters = model.filters
        let title = model.isSupporter ? "Dashboard" : "My tickets"
        let filterForm = el("form", [Attr("method", "get"), Attr("action", SiteURL.tickets.path), cls("filters")],
            Forms.select("Status", name: "status", options: Forms.options(TicketStatus.self), selected: filters.status?.rawValue, includeBlank: "Any"),
            Forms.select("Priority", name: "priority", options: Forms.options(TicketPriority.self), selected: filters.priority?.rawValue, includeBlank: "Any"),
            model.isSupporter ? Forms.select("Unit", name: "unit", options: model.unitOptions, selected: filters.unit?.uuidString, includeBlank: "All my units") : group([]),
            Forms.select("Age", name: "age", options: ageOptions, selected: filters.olderThanDays.map(String.init), includeBlank: "Any age"),
            Forms.select("Sort", name: "sort", options: sortOptions, selected: filters.sort.rawValue),
            el("div", [cls("filter-actions")], Forms.submit("Filter", kind: "secondary"), link("Reset", SiteURL.tickets.path)))
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text(title)), link("File a ticket", SiteURL.newTicket.path, [cls("button primary")])),
        ]
        if model.isSupporter {
            let total = model.countsByStatus.reduce(0) { $0 + $1.count }
            content.append(el("ul", [cls("counts"), Attr("aria-label", "Open tickets of your units by status")],
                [el("li", [], el("strong", [], text(String(total))), text(" open"))] +
                model.countsByStatus.map { entry in
                    el("li", [], link("\(entry.count) \(Format.label(entry.status.rawValue).lowercased())",
                                      SiteURL.tickets.with(query: [("status", entry.status.rawValue)])))
                }))
        }
        content.append(filterForm)
        if model.isSupporter {
            content.append(el("section", [], el("h2", [], text("Assigned to me")),
                               TicketTable.render(model.myTickets, now: context.now, caption: "Tickets you are responsible for", empty: "No open tickets are assigned to you.")))
            content.append(el("section", [], el("h2", [], text("Open tickets of my units")),
                               TicketTable.render(model.unitTickets, now: context.now, caption: "Open tickets of your units", empty: "Your units have no open tickets that match.")))
        } else {
            content.append(TicketTable.render(model.myTickets, now: context.now, caption: "Your tickets", empty: "You have not filed any tickets that match."))
        }
        return Layout.render(title: title, context: context, active: .tickets, group(content))
    }

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
            return Model(isSupporter: false, filters: filters, countsByStatus: [], unitTickets: [], myTickets: try await helpdesk.ticketQueries.rows(for: page.tickets, seesInternal: false), unitOptions: [])
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
        async let counts = countOpenByStatus(helpdesk.database, units: myUnits)
        let units = try await SupportUnitModel.query(on: helpdesk.database).filter(\.$id ~~ Array(myUnits)).all()
        return Model(
            isSupporter: true, filters: filters, countsByStatus: try await counts,
            unitTickets: try await helpdesk.ticketQueries.rows(for: try await unitPage.tickets, seesInternal: true),
            myTickets: try await helpdesk.ticketQueries.rows(for: try await assignedPage.tickets, seesInternal: true),
            unitOptions: units.sorted { $0.name.lowercased() < $1.name.lowercased() }.map { Forms.Option(value: $0.id!.uuidString, label: $0.name) })
    }

    /// Open tickets of the units, counted by status in one grouped query.
    static func countOpenByStatus(_ database: any Database, units: Set<UUID>) async throws -> [(status: TicketStatus, count: Int)] {
        guard !units.isEmpty, let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { var status: String; var count: Int }
        let rows = try await sql.select()
            .column("status")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
            .from(TicketModel.schema)
            .where("support_unit_id", .in, Array(units))
            .where("status", .in, TicketStatus.openStatuses.map(\.rawValue))
            .groupBy("status")
            .all(decoding: Row.self)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.status, $0.count) })
        return TicketStatus.openStatuses.compactMap { status in counts[status.rawValue].map { (status: status, count: $0) } }
    }
}
