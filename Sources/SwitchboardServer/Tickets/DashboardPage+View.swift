import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// How DashboardPage looks: HTML from its model, nothing else.
extension DashboardPage {
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
            SavedViewsStrip.render(model.views, context: context, back: SiteURL.tickets.path),
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

    /// Open tickets of the units, counted by status in one grouped query.
}
