import Foundation
import SwitchboardCore
import Vapor

/// How ReportsPage looks: HTML from its model, nothing else.
extension ReportsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let form = el("form", [Attr("method", "get"), Attr("action", SiteURL.reports.path), cls("filters")],
            NewTicketPage.unitSelect(name: "unit", label: "Unit", choices: model.unitChoices,
                                     selected: values["unit"] ?? model.table.flatMap { $0.unit.id?.uuidString }, blank: nil),
            Forms.field("From", name: "from", value: values["from"] ?? model.table.map { day($0.range.from, $0.range) },
                        hint: "A date (midnight in the zone) or an instant"),
            Forms.field("To (not included)", name: "to", value: values["to"] ?? model.table.map { day($0.range.to, $0.range) }),
            Forms.field("Time zone", name: "zone", value: values["zone"] ?? "UTC"),
            Forms.select("Columns", name: "split", options: [
                Forms.Option(value: "quarter", label: "Quarters (three months from the start)"), Forms.Option(value: "month", label: "Months"),
                Forms.Option(value: "week", label: "ISO weeks"), Forms.Option(value: "none", label: "The whole range"),
            ], selected: values["split"] ?? "quarter"),
            el("div", [cls("filter-actions")], Forms.submit("Show", kind: "secondary")))
        var content: [Markup] = [
            el("h1", [], text("Quarterly report")),
            el("p", [], link("Report builder", SiteURL.reportBuilder.path), text(" · "),
               link("Response-target compliance of the product teams", SiteURL.reportCompliance.path)),
            el("p", [cls("hint")], text("Counted from the event history; test tickets are left out. Every ticket counts at most once per row, "
                + "through its first qualifying event, so a year's figures are the sums of its quarters. Definitions: README, \"Report definitions\".")),
            form,
            Forms.notice(model.error),
        ]
        if let table = model.table {
            content.append(tableSection(table, query: model.query))
            content.append(el("section", [cls("card chart-card"), Attr("id", "figure-1")], .raw(monthlyChart(table).svg),
                              el("p", [], link("Figure 1 as SVG", SiteURL.reportFigure(.value("figure-1.svg")).with(query: model.query)))))
            content.append(el("section", [cls("card chart-card"), Attr("id", "figure-2")], .raw(weeklyChart(table).svg),
                              el("p", [], link("Figure 2 as SVG", SiteURL.reportFigure(.value("figure-2.svg")).with(query: model.query)))))
        }
        if let backlog = model.backlog {
            content.append(backlogSection(backlog, units: model.backlogUnits, now: context.now))
        }
        return Layout.render(title: "Quarterly report", context: context, active: .reports, group(content))
    }

    static func tableSection(_ table: QuarterlyTable, query: [(String, String)]) -> Markup {
        let columns = table.periods + (table.periods.count > 1 ? [table.total] : [])
        func countRow(_ label: String, _ row: QuarterlyReport.Row, _ value: (QuarterlyFigures) -> Int) -> Markup {
            el("tr", [Attr("data-row", row.rawValue)], [el("th", [Attr("scope", "row")], text(label))] + columns.map { figures in
                let target = SiteURL.reportTickets.with(query: [
                    ("unit", table.unit.name), ("from", ISO8601.format(figures.period.start)), ("to", ISO8601.format(figures.period.end)),
                    ("zone", table.range.zone), ("row", row.rawValue),
                ])
                return el("td", [cls("number")], link(String(value(figures)), target))
            })
        }
        func valueRow(_ label: String, _ value: (QuarterlyFigures) -> String) -> Markup {
            el("tr", [], [el("th", [Attr("scope", "row")], text(label))] + columns.map { el("td", [cls("number")], text(value($0))) })
        }
        let unit = table.unit.name
        return el("section", [cls("card"), Attr("id", "table-1")],
            el("h2", [], text("Table 1: \(unit), \(Self.day(table.range.from, table.range)) to \(Self.day(table.range.to, table.range)) (\(table.range.zone))")),
            el("div", [cls("table-wrap")], el("table", [cls("table report-table")],
                el("thead", [], el("tr", [], [el("th", [Attr("scope", "col")], text(""))] + columns.map { figures in
                    el("th", [Attr("scope", "col"), cls("number")], text(figures.period.label))
                })),
                el("tbody", [],
                   countRow("Tickets assigned to \(unit)", .assigned) { $0.assigned },
                   countRow("Solved by \(unit)", .solved) { $0.solved },
                   valueRow("Share solved") { $0.shareSolved.map { String(format: "%.0f %%", $0 * 100) } ?? "—" },
                   countRow("Reassigned to first line", .reassignedToFirstLine) { $0.reassignedToFirstLine },
                   countRow("Assigned to third line", .assignedToThirdLine) { $0.assignedToThirdLine },
                   valueRow("Mean time to solve (days)") { days($0.timeToSolveDays.mean) },
                   valueRow("Median time to solve (days)") { days($0.timeToSolveDays.median) },
                   valueRow("Mean, without waiting and on hold (days)") { days($0.timeToSolveExcludingWaitingDays.mean) },
                   valueRow("Median, without waiting and on hold (days)") { days($0.timeToSolveExcludingWaitingDays.median) },
                   valueRow("Mean time to solve (working days)") { days($0.timeToSolveWorkingDays?.mean) },
                   valueRow("Median time to solve (working days)") { days($0.timeToSolveWorkingDays?.median) },
                   valueRow("Mean time to third line") { minutes($0.timeToThirdLineMinutes.mean) },
                   valueRow("Median time to third line") { minutes($0.timeToThirdLineMinutes.median) }))),
            el("p", [cls("hint")],
               text("Definitions version \(QuarterlyReport.definitionsVersion), computed \(ISO8601.format(table.computedAt)). "),
               link("Download as CSV", SiteURL.reportTable.with(query: query))))
    }

    static func backlogSection(_ backlog: ThirdLineBacklog<UUID>, units: [UUID: SupportUnitModel], now: Date) -> Markup {
        let perUnit = backlog.perUnit.map { (name: units[$0.key]?.name ?? "?", count: $0.value) }.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
        return el("section", [cls("card"), Attr("id", "backlog")],
            el("h2", [], text("Third-line tickets open for more than two months: \(backlog.total)")),
            backlog.total == 0 ? el("p", [cls("empty")], text("None.")) : group([
                el("div", [cls("table-wrap")], el("table", [cls("table")],
                    el("thead", [], el("tr", [], ThirdLineBacklog<UUID>.AgeBand.allCases.map { el("th", [Attr("scope", "col"), cls("number")], text($0.rawValue)) })),
                    el("tbody", [], el("tr", [], ThirdLineBacklog<UUID>.AgeBand.allCases.map {
                        el("td", [cls("number")], text(String(backlog.byAge[$0] ?? 0)))
                    })))),
                el("ul", [], perUnit.map { el("li", [], text("\($0.name): \($0.count)")) }),
                el("p", [], text("Tickets: "), group(backlog.tickets.prefix(200).map { span in
                    group([link("#\(span.ticketID)", SiteURL.ticket(.value(span.ticketID)).path), text(" ")])
                })),
            ]))
    }

    static func days(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "—"
    }

    /// "2 d 53 min", as the seed quotes it.
    static func minutes(_ value: Double?) -> String {
        guard let value else { return "—" }
        let total = Int(value.rounded())
        let parts = [(total / 1440, "d"), (total % 1440 / 60, "h"), (total % 60, "min")].filter { $0.0 > 0 }
        return parts.isEmpty ? "0 min" : parts.map { "\($0.0) \($0.1)" }.joined(separator: " ")
    }

    static func day(_ instant: Date, _ range: ReportRange) -> String {
        range.calendar.localDate(of: instant).description
    }
}

extension ReportTicketsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let list = model.list
        let rowName: String = switch list.row {
        case .assigned: "assigned to \(list.unit.name)"
        case .solved: "solved by \(list.unit.name)"
        case .reassignedToFirstLine: "reassigned by \(list.unit.name) to first line"
        case .assignedToThirdLine: "assigned by \(list.unit.name) to third line"
        }
        let title = "Tickets \(rowName)"
        return Layout.render(title: title, context: context, active: .reports, group([
            el("h1", [], text(title)),
            el("p", [cls("hint")], text("First qualifying event from \(ISO8601.format(list.from)) to \(ISO8601.format(list.to)) (not included): \(list.entries.count) tickets.")),
            el("section", [cls("card")], list.entries.isEmpty ? el("p", [cls("empty")], text("None.")) :
                el("div", [cls("table-wrap")], el("table", [cls("table")],
                    el("thead", [], el("tr", [], ["Ticket", "Subject", "Status now", "Unit now", "Counted at"].map { el("th", [Attr("scope", "col")], text($0)) })),
                    el("tbody", [], list.entries.map { entry in
                        let id = entry.ticket.id ?? 0
                        return el("tr", [],
                                  el("td", [cls("number")], link("#\(id)", SiteURL.ticket(.value(id)).path)),
                                  el("td", [], text(entry.ticket.subject)),
                                  el("td", [], text(Format.label(entry.ticket.status.rawValue))),
                                  el("td", [], text(entry.ticket.$supportUnit.value?.name ?? "")),
                                  el("td", [], Format.time(entry.at, now: context.now)))
                    })))),
            el("p", [], link("Back to the report", SiteURL.reports.path)),
        ]))
    }
}
