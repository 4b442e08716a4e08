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
    static func render(_ rows: [TicketRow], now: Date, caption: String, empty: String) -> Markup {
        guard !rows.isEmpty else { return el("p", [cls("empty")], text(empty)) }
        let body: [Markup] = rows.map { row in
            el("tr", [],
               el("td", [cls("number")], link("#\(row.id)", SiteURL.ticket(row.id).path)),
               el("td", [cls("subject")], link(row.subject, SiteURL.ticket(row.id).path)),
               el("td", [], Format.status(row.status)),
               el("td", [], Format.priority(row.priority)),
               el("td", [], Format.response(row.responseColour, dueAt: row.responseDueAt, now: now)),
               el("td", [], text(row.unitName)),
               el("td", [], text(row.assigneeName ?? "—")),
               el("td", [], Format.time(row.createdAt, now: now)),
               el("td", [], Format.time(row.updatedAt, now: now)))
        }
        return el("div", [cls("table-wrap")], el("table", [cls("table tickets")],
            el("caption", [cls("visually-hidden")], text(caption)),
            el("thead", [], el("tr", [],
                el("th", [Attr("scope", "col")], text("#")), el("th", [Attr("scope", "col")], text("Subject")),
                el("th", [Attr("scope", "col")], text("Status")), el("th", [Attr("scope", "col")], text("Priority")),
                el("th", [Attr("scope", "col")], text("Response")),
                el("th", [Attr("scope", "col")], text("Unit")), el("th", [Attr("scope", "col")], text("Responsible")),
                el("th", [Attr("scope", "col")], text("Opened")), el("th", [Attr("scope", "col")], text("Updated")))),
            el("tbody", [], body)))
    }
}

extension Helpdesk {
    /// Turns ticket rows into list rows with unit and person names, in two small queries.
    /// `seesInternal`: a supporter sees every change in "Updated", anyone else only public ones.
    func rows(for tickets: [TicketModel], seesInternal: Bool) async throws -> [TicketRow] {
        let now = clock.now()
        let unitIDs = Set(tickets.map { $0.$supportUnit.id })
        let personIDs = Set(tickets.compactMap { $0.$assignee.id })
        var unitNames: [UUID: String] = [:]
        if !unitIDs.isEmpty {
            for unit in try await SupportUnitModel.query(on: database).filter(\.$id ~~ Array(unitIDs)).all() { unitNames[unit.id!] = unit.name }
        }
        var personNames: [UUID: String] = [:]
        if !personIDs.isEmpty {
            for user in try await UserModel.query(on: database).filter(\.$id ~~ Array(personIDs)).all() { personNames[user.id!] = user.displayName }
        }
        return tickets.map { ticket in
            TicketRow(id: ticket.id!, subject: ticket.subject, status: ticket.status, priority: ticket.priority,
                      unitName: unitNames[ticket.$supportUnit.id] ?? "", assigneeName: ticket.$assignee.id.flatMap { personNames[$0] },
                      createdAt: ticket.createdAt, updatedAt: ticket.updatedAt(seesInternal: seesInternal), responseColour: ticket.responseColour(at: now),
                      responseDueAt: ticket.respondedAt == nil && ticket.status.isOpen ? ticket.responseDueAt : nil)
        }
    }

    /// Units grouped by tier, for selects.
    func unitChoices() async throws -> [(tier: SupportTier, units: [(id: UUID, name: String)])] {
        let units = try await SupportUnitModel.query(on: database).all()
        return SupportTier.allCases.sorted().compactMap { tier in
            let members = units.filter { $0.tier == tier }.sorted { $0.name.lowercased() < $1.name.lowercased() }.map { (id: $0.id!, name: $0.name) }
            return members.isEmpty ? nil : (tier: tier, units: members)
        }
    }
}

import Fluent
