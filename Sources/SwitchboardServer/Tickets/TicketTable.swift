import Foundation
import SwitchboardCore

/// A ticket as a row of a list page.
struct TicketRow {
    var id: Int
    var subject: String
    var status: TicketStatus
    var priority: TicketPriority
    var unitName: String
    var assigneeName: String?
    var createdAt: Date
    var updatedAt: Date
    var responseColour: ResponseColour?
    /// While the unit has not reacted.
    var responseDueAt: Date?
}

/// The table of tickets shared by the dashboard, "my tickets" and the search page: the number
/// and the subject, then the columns the viewer chose (`ListPreferences`).
enum TicketTable {
    /// `selectingFor`: the id of a form that a checkbox in each row belongs to (bulk changes).
    static func render(_ rows: [TicketRow], context: PageContext, caption: String, empty: String, selectingFor form: String? = nil) -> Markup {
        guard !rows.isEmpty else { return el("p", [cls("empty")], text(empty)) }
        let columns = context.viewer?.columns ?? ListPreferences.defaultColumns
        let now = context.now
        let body: [Markup] = rows.map { row in
            el("tr", [],
               form.map { form in
                   el("td", [cls("select")], void("input", [Attr("type", "checkbox"), Attr("name", "ticket"), Attr("value", String(row.id)),
                                                             Attr("form", form), Attr("aria-label", "Select #\(row.id)")]))
               } ?? group([]),
               el("td", [cls("number")], link("#\(row.id)", SiteURL.ticket(.value(row.id)).path)),
               // One line per ticket: a long subject is cut off, its whole text on hover.
               el("td", [cls("subject")], link(row.subject, SiteURL.ticket(.value(row.id)).path, [Attr("title", row.subject)])),
               group(columns.map { cell($0, of: row, now: now) }))
        }
        return el("div", [cls("table-wrap cards")], el("table", [cls("table tickets")],
            el("caption", [cls("visually-hidden")], text(caption)),
            el("thead", [], el("tr", [],
                form == nil ? group([]) : el("th", [Attr("scope", "col")], el("span", [cls("visually-hidden")], text("Select"))),
                el("th", [Attr("scope", "col")], text("#")), el("th", [Attr("scope", "col")], text("Subject")),
                group(columns.map { el("th", [Attr("scope", "col"), cls("column-\($0.rawValue)")], text($0.label)) }))),
            el("tbody", [], body)))
    }

    private static func cell(_ column: TicketListColumn, of row: TicketRow, now: Date) -> Markup {
        switch column {
        case .status: el("td", [cls("badge-cell")], Format.status(row.status))
        case .priority: el("td", [cls("badge-cell")], Format.priority(row.priority))
        case .response: el("td", [cls("badge-cell")], Format.response(row.responseColour, dueAt: row.responseDueAt, now: now, compact: true))
        // The labels name the values when a narrow screen shows each ticket as a card.
        case .unit: el("td", [Attr("data-label", "Unit")], text(row.unitName))
        case .responsible: el("td", [Attr("data-label", "Responsible")], text(row.assigneeName ?? "—"))
        case .opened: el("td", [Attr("data-label", "Opened")], Format.compactTime(row.createdAt, now: now))
        case .updated: el("td", [Attr("data-label", "Updated")], Format.compactTime(row.updatedAt, now: now))
        }
    }
}
