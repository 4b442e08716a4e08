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
            .numberDescending: "Highest number first", .numberAscending: "Lowest number first",
        ][sort]!)
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let form = el("form", [Attr("method", "get"), Attr("action", SiteURL.search.path), cls("filters search")],
            Forms.field("Words in the subject", name: "text", value: values["text"], type: "search", errors: model.errors["text"]),
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
            TicketTable.render(model.rows, now: context.now, caption: "Search results", empty: "No tickets match."),
            el("nav", [cls("pager"), Attr("aria-label", "Pages")], pager),
        ]))
    }
}
