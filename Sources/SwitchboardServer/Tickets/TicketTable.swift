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

/// The table of tickets shared by the dashboard, "my tickets" and the search page.
enum TicketTable {
    /// `selectingFor`: the id of a form that a checkbox in each row belongs to (bulk changes).
    static func render(_ rows: [TicketRow], now: Date, caption: String, empty: String, selectingFor form: String? = nil) -> Markup {
        guard !rows.isEmpty else { return el("p", [cls("empty")], text(empty)) }
        let body: [Markup] = rows.map { row in
            el("tr", [],
               form.map { form in
                   el("td", [cls("select")], void("input", [Attr("type", "checkbox"), Attr("name", "ticket"), Attr("value", String(row.id)),
                                                             Attr("form", form), Attr("aria-label", "Select #\(row.id)")]))
               } ?? group([]),
               el("td", [cls("number")], link("#\(row.id)", SiteURL.ticket(.value(row.id)).path)),
               // One line per ticket: a long subject is cut off, its whole text on hover.
               el("td", [cls("subject")], link(row.subject, SiteURL.ticket(.value(row.id)).path, [Attr("title", row.subject)])),
               el("td", [cls("badge-cell")], Format.status(row.status)),
               el("td", [cls("badge-cell")], Format.priority(row.priority)),
               el("td", [cls("badge-cell")], Format.response(row.responseColour, dueAt: row.responseDueAt, now: now, compact: true)),
               // The labels name the values when a narrow screen shows each ticket as a card.
               el("td", [Attr("data-label", "Unit")], text(row.unitName)),
               el("td", [Attr("data-label", "Responsible")], text(row.assigneeName ?? "—")),
               el("td", [Attr("data-label", "Opened")], Format.compactTime(row.createdAt, now: now)),
               el("td", [Attr("data-label", "Updated")], Format.compactTime(row.updatedAt, now: now)))
        }
        return el("div", [cls("table-wrap cards")], el("table", [cls("table tickets")],
            el("caption", [cls("visually-hidden")], text(caption)),
            el("thead", [], el("tr", [],
                form == nil ? group([]) : el("th", [Attr("scope", "col")], el("span", [cls("visually-hidden")], text("Select"))),
                el("th", [Attr("scope", "col")], text("#")), el("th", [Attr("scope", "col")], text("Subject")),
                el("th", [Attr("scope", "col")], text("Status")), el("th", [Attr("scope", "col")], text("Priority")),
                el("th", [Attr("scope", "col")], text("Response")),
                el("th", [Attr("scope", "col")], text("Unit")), el("th", [Attr("scope", "col")], text("Responsible")),
                el("th", [Attr("scope", "col")], text("Opened")), el("th", [Attr("scope", "col")], text("Updated")))),
            el("tbody", [], body)))
    }
}
