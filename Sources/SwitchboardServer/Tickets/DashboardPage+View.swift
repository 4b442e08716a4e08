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
        let title = model.isSupporter ? "Dashboard" : "My tickets"
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
        if model.sections.isEmpty {
            content.append(el("p", [cls("empty")], text("Your dashboard shows no lists. Choose some below.")))
        }
        // The filters narrow the built-in lists (they stand above the first of them); a saved
        // view shows what it was saved with.
        let firstBuiltIn = model.sections.firstIndex { $0.section.builtInTitle != nil }
        for (index, section) in model.sections.enumerated() {
            if index == firstBuiltIn { content.append(filterForm(model)) }
            content.append(el("section", [cls("dashboard-list"), Attr("id", "list-\(section.section.key.replacingOccurrences(of: ":", with: "-"))")],
                el("div", [cls("section-title")], el("h2", [], text(section.title)),
                   section.searchURL.map { link("Open in search", $0, [cls("small")]) } ?? group([])),
                TicketTable.render(section.rows, context: context, caption: section.title, empty: section.empty)))
        }
        content.append(listsForm(model, context: context))
        return Layout.render(title: title, context: context, active: .tickets, group(content))
    }

    static func filterForm(_ model: Model) -> Markup {
        let filters = model.filters
        return el("form", [Attr("method", "get"), Attr("action", SiteURL.tickets.path), cls("filters")],
            Forms.select("Status", name: "status", options: Forms.options(TicketStatus.self), selected: filters.status?.rawValue, includeBlank: "Any"),
            Forms.select("Priority", name: "priority", options: Forms.options(TicketPriority.self), selected: filters.priority?.rawValue, includeBlank: "Any"),
            model.isSupporter ? Forms.select("Unit", name: "unit", options: model.unitOptions, selected: filters.unit?.uuidString, includeBlank: "All my units") : group([]),
            Forms.select("Age", name: "age", options: ageOptions, selected: filters.olderThanDays.map(String.init), includeBlank: "Any age"),
            Forms.select("Sort", name: "sort", options: sortOptions, selected: filters.sort.rawValue),
            el("div", [cls("filter-actions")], Forms.submit("Filter", kind: "secondary"), link("Reset", SiteURL.tickets.path)))
    }

    /// Which lists the dashboard shows and in what order, and the lists' columns: one form,
    /// no script (a box to show a list, a number for its place).
    static func listsForm(_ model: Model, context: PageContext) -> Markup {
        let rows: [Markup] = model.choices.map { choice in
            let key = choice.section.key
            let id = "list-choice-\(key.replacingOccurrences(of: ":", with: "-"))"
            return el("tr", [],
                el("td", [], void("input", [Attr("type", "checkbox"), Attr("id", id), Attr("name", "section"), Attr("value", key),
                                            .flag("checked", choice.position != nil)]),
                   text(" "), el("label", [Attr("for", id)], text(choice.title))),
                el("td", [], void("input", [Attr("type", "number"), Attr("name", "place-\(key)"), Attr("min", "1"),
                                            Attr("max", String(model.choices.count)), cls("place"),
                                            Attr("aria-label", "Place of \(choice.title)"), choice.position.map { Attr("value", String($0)) }])))
        }
        let columns: [Markup] = TicketListColumn.allCases.map { column in
            el("label", [cls("check")], void("input", [Attr("type", "checkbox"), Attr("name", "column"), Attr("value", column.rawValue),
                                                      .flag("checked", model.columns.contains(column))]), text(" \(column.label)"))
        }
        let errors = (model.listErrors["dashboard"] ?? []) + (model.listErrors["columns"] ?? [])
        return el("details", [cls("card dashboard-lists"), Attr("id", "dashboard-lists"), .flag("open", !model.listErrors.isEmpty)],
            el("summary", [], text("Change the dashboard and columns")),
            Forms.post(SiteURL.dashboardLists.path, context: context, classes: "form", id: "lists-form", [
                errors.isEmpty ? group([]) : el("p", [cls("field-error"), Attr("role", "alert")], text(errors.joined(separator: " "))),
                el("fieldset", [], el("legend", [], text("Lists on the dashboard")),
                   el("table", [cls("table compact")],
                      el("thead", [], el("tr", [], el("th", [Attr("scope", "col")], text("Show")), el("th", [Attr("scope", "col")], text("Place")))),
                      el("tbody", [], rows)),
                   el("p", [cls("hint")], text("Save a search as a view on the search page to offer it here; at most \(ListPreferences.maxDashboardSections) lists."))),
                el("fieldset", [], el("legend", [], text("Columns of ticket lists")), el("div", [cls("checks")], columns)),
                el("div", [cls("filter-actions")], Forms.submit("Save", kind: "secondary"),
                   el("button", [Attr("type", "submit"), Attr("name", "reset"), Attr("value", "1"), cls("button link small")], text("Back to the defaults"))),
            ]))
    }
}
