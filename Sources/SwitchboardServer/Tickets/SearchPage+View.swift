import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// How SearchPage looks: HTML from its model, nothing else.
extension SearchPage {
    static let sortOptions = TicketSort.allCases.map { sort in
        Forms.Option(value: sort.rawValue, label: [
            .createdDescending: "Newest first", .createdAscending: "Oldest first", .updatedDescending: "Recently updated",
            .updatedAscending: "Least recently updated", .priorityDescending: "Most urgent first", .priorityAscending: "Least urgent first",
            .numberDescending: "Highest number first", .numberAscending: "Lowest number first", .relevance: "Best match (with words)",
        ][sort]!)
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let form = el("form", [Attr("method", "get"), Attr("action", SiteURL.search.path), cls("filters search")],
            Forms.field("Words", name: "text", value: values["text"], type: "search", errors: model.errors["text"],
                        hint: "In the subject, description and comments; \"quotes\" for a phrase."),
            Forms.select("Status", name: "status", options: Forms.options(TicketStatus.self), selectedValues: model.chosen["status"] ?? [],
                         errors: model.errors["status"], multiple: true),
            Forms.select("Priority", name: "priority", options: Forms.options(TicketPriority.self), selectedValues: model.chosen["priority"] ?? [],
                         errors: model.errors["priority"], multiple: true),
            Forms.select("Category", name: "category", options: Forms.options(TicketCategory.self), selectedValues: model.chosen["category"] ?? [],
                         errors: model.errors["category"], multiple: true),
            NewTicketPage.unitSelect(name: "supportUnit", label: "Unit", choices: model.unitChoices, selected: values["supportUnit"], blank: "Any", errors: model.errors["supportUnit"]),
            Forms.select("Responsible", name: "assignee", options: model.people, selected: values["assignee"], includeBlank: "Anyone", errors: model.errors["assignee"]),
            Forms.field("Opened on or after", name: "createdAfter", value: values["createdAfter"], type: "date", errors: model.errors["createdAfter"]),
            Forms.field("Opened before", name: "createdBefore", value: values["createdBefore"], type: "date", errors: model.errors["createdBefore"]),
            Forms.select("Sort", name: "sort", options: sortOptions, selected: values["sort"] ?? TicketSort.createdDescending.rawValue, errors: model.errors["sort"]),
            values["submitter"].map { Forms.hidden("submitter", $0) } ?? group([]),
            el("div", [cls("filter-actions")], Forms.submit("Search", kind: "secondary"), link("Clear", SiteURL.search.path)))
        var pager: [Markup] = []
        if !model.isFirstPage { pager.append(link("First page", model.firstPageURL)) }
        if let next = model.nextPageURL { pager.append(link("Next page", next, [Attr("rel", "next")])) }
        return Layout.render(title: "Search", context: context, active: .search, group([
            el("h1", [], text("Search tickets")),
            model.errors.isEmpty ? group([]) : Forms.notice("Some filters are not valid; they are marked below."),
            form,
            bulkSummary(model),
            model.offersBulkChanges && !model.rows.isEmpty ? bulkForm(model, context: context) : group([]),
            TicketTable.render(model.rows, context: context, caption: "Search results", empty: "No tickets match.",
                               selectingFor: model.offersBulkChanges ? "bulk" : nil),
            el("nav", [cls("pager"), Attr("aria-label", "Pages")], pager),
            saveViewForm(model, context: context),
        ]))
    }

    /// Changes the tickets ticked in the list below, one change at a time; each field belongs to
    /// one kind of change (no script needed to show the right ones).
    static func bulkForm(_ model: Model, context: PageContext) -> Markup {
        el("details", [cls("card bulk"), Attr("id", "bulk-changes"), .flag("open", model.bulkError != nil)],
            el("summary", [], text("Change the selected tickets")),
            Forms.post(SiteURL.bulkChange.path, context: context, classes: "form inline-form", id: "bulk", [
                Forms.hidden("search", model.query),
                Forms.select("Change", name: "change", options: [
                    Forms.Option(value: "status", label: "Status"), Forms.Option(value: "assign", label: "Assign to a unit"),
                    Forms.Option(value: "priority", label: "Priority"), Forms.Option(value: "note", label: "Add an internal note"),
                    Forms.Option(value: "responsible", label: "Responsible person"),
                ], selected: nil, includeBlank: "Choose…", id: "bulk-change"),
                Forms.select("New status", name: "status", options: Forms.options(TicketStatus.self), selected: nil, includeBlank: "—", id: "bulk-status"),
                NewTicketPage.unitSelect(name: "supportUnit", label: "Unit", choices: model.unitChoices, selected: nil, blank: "—", id: "bulk-unit"),
                Forms.select("New priority", name: "priority", options: Forms.options(TicketPriority.self), selected: nil, includeBlank: "—", id: "bulk-priority"),
                Forms.select("Responsible", name: "assignee", options: model.people, selected: nil, includeBlank: "—", id: "bulk-assignee"),
                el("div", [cls("field")], Forms.textArea("Note or justification", name: "note", rows: 2, id: "bulk-note"),
                   el("p", [cls("hint")], text("Public with a status change or an assignment, the justification of a priority change, "
                                               + "supporters only as an internal note."))),
                el("div", [cls("filter-actions")], Forms.submit("Apply to the selected tickets", kind: "secondary")),
            ]))
    }

    /// What the last bulk change did: the tickets changed and, for each refused one, why.
    static func bulkSummary(_ model: Model) -> Markup {
        if let error = model.bulkError { return Forms.notice(error) }
        guard let outcome = model.bulkOutcome else { return group([]) }
        func numbers(_ ids: [Int]) -> [Markup] {
            ids.enumerated().flatMap { index, id in [index > 0 ? text(", ") : group([]), link("#\(id)", SiteURL.ticket(.value(id)).path)] }
        }
        var parts: [Markup] = []
        if !outcome.changed.isEmpty {
            parts.append(el("p", [], [text("Changed \(outcome.changed.count) \(outcome.changed.count == 1 ? "ticket" : "tickets"): ")] + numbers(outcome.changed)))
        }
        if !outcome.refused.isEmpty {
            parts.append(el("p", [], text("Refused \(outcome.refused.count) \(outcome.refused.count == 1 ? "ticket" : "tickets"):")))
            parts.append(el("ul", [], outcome.refused.map { refusal in
                el("li", [], link("#\(refusal.ticket)", SiteURL.ticket(.value(refusal.ticket)).path), text(": \(refusal.reason)"))
            }))
        }
        return el("div", [cls("notice \(outcome.refused.isEmpty ? "success" : "warning")"), Attr("role", "status"), Attr("id", "bulk-outcome")], parts)
    }

    /// Keeps this search under a name: one's own, or shared with a unit one administers.
    static func saveViewForm(_ model: Model, context: PageContext) -> Markup {
        var fields: [Markup] = [
            Forms.hidden("query", model.query),
            Forms.field("Name", name: "name", value: model.viewName, required: true, errors: model.viewErrors["name"] ?? model.viewErrors["query"],
                        id: "view-name"),
        ]
        if !model.shareUnits.isEmpty {
            fields.append(Forms.select("Shared with", name: "unit", options: model.shareUnits, selected: nil, includeBlank: "only me",
                                       errors: model.viewErrors["unit"], id: "view-unit"))
        }
        fields.append(el("div", [cls("filter-actions")], Forms.submit("Save this search", kind: "secondary")))
        let views = context.viewer?.views ?? []
        return el("details", [cls("card save-view"), Attr("id", "save-view"), .flag("open", !model.viewErrors.isEmpty)],
                  el("summary", [], text("Save this search as a view")),
                  Forms.post(SiteURL.views.path, context: context, classes: "form inline-form", fields),
                  views.isEmpty ? group([]) : el("h3", [], text("Your views")),
                  SavedViewsList.render(views, context: context, back: model.firstPageURL))
    }
}
