import Foundation
import SwitchboardCore
import Vapor

/// How ResponseViolationsPage looks: HTML from its model, nothing else.
extension ResponseViolationsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let form = el("form", [Attr("method", "get"), Attr("action", SiteURL.responseViolations.path), cls("filters")],
            NewTicketPage.unitSelect(name: "supportUnit", label: "Unit", choices: model.unitChoices, selected: values["supportUnit"], blank: "All units"),
            Forms.field("Due on or after", name: "from", value: values["from"], type: "date"),
            Forms.field("Due before", name: "to", value: values["to"], type: "date"),
            el("div", [cls("filter-actions")], Forms.submit("Show", kind: "secondary"), link("Clear", SiteURL.responseViolations.path)))
        var content: [Markup] = [
            el("h1", [], text("Missed response targets")),
            el("p", [cls("hint")], text("A violation is recorded when a unit's response target passes without its first reaction. Times are in the unit's working time.")),
            form,
            Forms.notice(model.error),
        ]
        if let report = model.report {
            content.append(summary(report))
            content.append(list(report, now: context.now))
        }
        return Layout.render(title: "Missed response targets", context: context, active: .serviceLevels, group(content))
    }

    static func summary(_ report: ResponseViolationReport) -> Markup {
        el("section", [cls("card"), Attr("id", "per-unit")], el("h2", [], text("Per unit (\(report.total))")),
           report.countsByUnit.isEmpty ? el("p", [cls("empty")], text("No target was missed in this period.")) :
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], el("th", [Attr("scope", "col")], text("Unit")), el("th", [Attr("scope", "col")], text("Violations")))),
                el("tbody", [], report.countsByUnit.map { row in
                    el("tr", [], el("td", [], text(row.unit)), el("td", [cls("number")], text(String(row.count))))
                }))))
    }

    static func list(_ report: ResponseViolationReport, now: Date) -> Markup {
        let shown = report.violations.count
        let heading = shown < report.total ? "The latest \(shown) of \(report.total)" : "Each violation"
        return el("section", [cls("card"), Attr("id", "violations")], el("h2", [], text(heading)),
           report.violations.isEmpty ? el("p", [cls("empty")], text("None.")) :
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], ["Ticket", "Unit", "Priority", "Level", "Target", "Due", "Reaction", "Late by"].map {
                    el("th", [Attr("scope", "col")], text($0))
                })),
                el("tbody", [], report.violations.map { clock in
                    el("tr", [Attr("id", "violation-\(clock.$ticket.id)-\(Int(clock.dueAt.timeIntervalSince1970))")],
                       el("td", [cls("number")], link("#\(clock.$ticket.id)", SiteURL.ticket(.value(clock.$ticket.id)).path)),
                       el("td", [], text(clock.unitName)),
                       el("td", [], Format.priority(clock.priority)),
                       el("td", [], text(clock.serviceLevel)),
                       el("td", [cls("number")], text(Format.workingTime(clock.targetSeconds))),
                       el("td", [], Format.time(clock.dueAt, now: now)),
                       el("td", [], clock.respondedAt.map { Format.time($0, now: now) }
                            ?? text(clock.endedAt == nil ? "none yet" : "none (the clock ended)")),
                       el("td", [cls("number")], text(clock.lateSeconds.map(Format.workingTime) ?? "—")))
                }))))
    }
}
