import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// Every filter of the API on one form. The query string is the whole state, so a search can be
/// bookmarked and shared; pages follow the API's cursors.
enum SearchPage: WebPage {
    struct Model {
        /// The query parameters as given, to refill the form (the last value of each).
        var values: [String: String]
        /// Every value of the filters that take several (status, priority, category).
        var chosen: [String: Set<String>] = [:]
        /// The query without the cursor, for the link back to the first page.
        var firstPageURL: String = SiteURL.search.path
        var errors: [String: [String]]
        var rows: [TicketRow]
        var nextPageURL: String?
        var isFirstPage: Bool
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])]
        var people: [Forms.Option]
    }

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

    static func query(_ helpdesk: Helpdesk, actor: Principal, url: URI) async throws -> Model {
        let items = URLComponents(string: url.string)?.queryItems ?? []
        var values: [String: String] = [:]
        var chosen: [String: Set<String>] = [:]
        for item in items where !(item.value ?? "").isEmpty {
            values[item.name] = item.value
            if ["status", "priority", "category"].contains(item.name) {
                chosen[item.name, default: []].formUnion(item.value!.split(separator: ",").map(String.init))
            }
        }
        let withoutCursor = items.filter { $0.name != "cursor" && !($0.value ?? "").isEmpty }.map { ($0.name, $0.value!) }
        var errors: [String: [String]] = [:]
        var rows: [TicketRow] = []
        var next: String?
        do {
            let filter = try TicketListParameters.filter(from: url)
            let page = try await helpdesk.ticketQueries.listTickets(filter, for: actor)
            rows = try await helpdesk.ticketQueries.rows(for: page.tickets, seesInternal: actor.isSupporter || actor.isAdmin)
            if let cursor = page.nextCursor {
                next = SiteURL.search.with(query: withoutCursor + [("cursor", cursor)])
            }
        } catch let error as FieldErrors {
            errors = error.messages
        } catch HelpdeskError.invalid(let fieldErrors) {
            errors = fieldErrors.messages
        }
        let supporters = try await MembershipModel.query(on: helpdesk.database).with(\.$user).all()
        var seen: Set<UUID> = []
        let people = supporters.map(\.user).filter { seen.insert($0.id!).inserted }
            .sorted { $0.displayName.lowercased() < $1.displayName.lowercased() }
            .map { Forms.Option(value: $0.id!.uuidString, label: $0.displayName) }
        return Model(values: values, chosen: chosen, firstPageURL: SiteURL.search.with(query: withoutCursor),
                     errors: errors, rows: rows, nextPageURL: next, isFirstPage: values["cursor"] == nil,
                     unitChoices: try await helpdesk.units.unitChoices(), people: actor.isSupporter || actor.isAdmin ? people : [])
    }
}
