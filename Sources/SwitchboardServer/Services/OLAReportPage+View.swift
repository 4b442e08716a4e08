import Foundation
import SwitchboardCore

/// How the OLA report looks: the seed's six sections, the performance table with missed
/// figures marked, the chart, the downloads, and for a draft the narrative form and Publish.
extension OLAReportPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let report = model.report
        let service = report.service
        let id = service.id!
        let title = "OLA report: \(service.name), \(report.range.first) to \(report.range.last)"
        var content: [Markup] = [el("h1", [], text(title))]
        if !model.print {
            content.append(el("form", [Attr("method", "get"), Attr("action", SiteURL.olaReport(.value(id)).path), cls("filters")],
                Forms.field("First month", name: "from", value: report.range.first.description, hint: "YYYY-MM"),
                Forms.field("Last month", name: "to", value: report.range.last.description),
                el("div", [cls("filter-actions")], Forms.submit("Show", kind: "secondary"))))
            content.append(Forms.notice(model.notice, kind: "success"))
            content.append(Forms.notice(model.error))
            content.append(el("p", [cls("actions")],
                link("Print view", SiteURL.olaReportPrint(.value(id)).with(query: model.query)), text(" · "),
                link("Markdown", SiteURL.olaReportFile(.value(id), .value("report.md")).with(query: model.query)), text(" · "),
                link("JSON", SiteURL.olaReportFile(.value(id), .value("report.json")).with(query: model.query)), text(" · "),
                link("Performance table (CSV)", SiteURL.olaReportFile(.value(id), .value("table.csv")).with(query: model.query)), text(" · "),
                link("Chart (SVG)", SiteURL.olaReportFile(.value(id), .value("chart.svg")).with(query: model.query)), text(" · "),
                link(service.name, SiteURL.service(.value(id)).path)))
        }
        content.append(el("p", [cls(report.publishedAt == nil ? "hint" : "notice success"), Attr("id", "report-status")], text(status(report))))
        content.append(el("div", [cls("ola-report")], sections(report)))
        if !model.print, report.editable {
            content.append(narrativeForm(model, context: context))
            content.append(el("section", [cls("card"), Attr("id", "publish")], el("h2", [], text("Publish")),
                el("p", [], text("Publishing freezes the figures as they are now and the text above; later monitoring corrections do not change a published report.")),
                Forms.post(SiteURL.olaReportPublish(.value(id)).with(query: model.query), context: context, [Forms.submit("Publish the report")])))
        }
        if model.print { return printDocument(title: title, body: group(content)) }
        return Layout.render(title: title, context: context, active: .services, group(content))
    }

    static func status(_ report: OLAReport) -> String {
        if let publishedAt = report.publishedAt {
            return "Published \(Format.absolute(publishedAt, zone: report.zone)) by \(report.publishedBy ?? "?"). The figures are frozen as they were then; "
                + "later monitoring corrections do not change this report."
        }
        return "Draft. Figures computed \(Format.absolute(report.figures.computedAt, zone: report.zone)) from the monitoring results and tickets as they are now."
    }

    static func sections(_ report: OLAReport) -> [Markup] {
        let narrative = report.narrative
        let total = narrative.effort.reduce(0) { $0 + $1.personMonths }
        let effort: Markup = narrative.effort.isEmpty ? el("p", [], text("N.A.")) : group([
            el("p", [], text("The global effort is \(SVGChart.format(total)) PM for the period, distributed over \(narrative.effort.count) "
                + (narrative.effort.count == 1 ? "person:" : "persons:"))),
            el("ul", [], narrative.effort.map { el("li", [], text("\($0.person): \(SVGChart.format($0.personMonths)) PM")) }),
        ])
        return [
            el("section", [cls("card"), Attr("id", "effort")], el("h2", [], text("1 Effort")), effort),
            textSection("overview", "2 General overview of activity in the period", narrative.overview),
            performanceSection(report),
            el("section", [cls("card chart-card"), Attr("id", "ola-chart")], .raw(OLAReportDocument.chart(report).svg)),
            textSection("issues", "4 Issues arising in the period", narrative.issuesArising),
            textSection("measures", "5 Measures planned", narrative.measuresPlanned),
            textSection("foreseen", "6 Foreseen activities and changes", narrative.foreseenActivities),
        ]
    }

    static func textSection(_ id: String, _ title: String, _ body: String) -> Markup {
        el("section", [cls("card"), Attr("id", id)], el("h2", [], text(title)), el("p", [cls("narrative")], text(body.isEmpty ? "N.A." : body)))
    }

    static func performanceSection(_ report: OLAReport) -> Markup {
        let months = report.figures.months.map(\.month)
        return el("section", [cls("card"), Attr("id", "performance")], el("h2", [], text("3 Performance against service targets")),
            el("div", [cls("table-wrap")], el("table", [cls("table report-table ola-table")],
                el("thead", [], el("tr", [], [el("th", [Attr("scope", "col")], text("Service level parameter")), el("th", [Attr("scope", "col")], text("Target"))]
                    + months.map { el("th", [Attr("scope", "col"), cls("number")], text($0)) })),
                el("tbody", [], OLAReportDocument.rows(report).map { row in
                    el("tr", [], [el("th", [Attr("scope", "row")], text(row.parameter)), el("td", [cls("number")], lines(row.target.split(separator: " ").map {
                        text(String($0))
                    }))] + row.cells.map { parts in
                        // One priority a line, as the seed prints them; each figure that misses its target marked.
                        let classes = parts.map(\.text) == ["n/a"] ? "number undefined" : "number"
                        return el("td", [cls(classes)], lines(parts.map { part in
                            part.missed ? el("span", [cls("missed"), Attr("title", "Misses the target")], text(part.text)) : text(part.text)
                        }))
                    })
                }))),
            el("p", [cls("hint")], text("Months are UTC. Availability = up / (total − unknown); reliability = up / (total − unknown − scheduled "
                + "downtime); n/a: no monitored time. Support response: mean time from the assignment to \(report.service.providerUnit.name) to its "
                + "first reaction, per priority (lu less urgent, u urgent, vu very urgent, tp top priority); unanswered tickets are left out. "
                + "Marked figures (✗) miss their target.")))
    }

    static func lines(_ items: [Markup]) -> [Markup] {
        Array(items.map { [$0] }.joined(separator: [void("br", [])]))
    }

    static func narrativeForm(_ model: Model, context: PageContext) -> Markup {
        let values = model.values
        let id = model.report.service.id!
        // "effort" and "effort[2]" alike.
        let effortErrors = model.errors.filter { $0.key.hasPrefix("effort") }.flatMap(\.value)
        return el("section", [cls("card"), Attr("id", "narrative-form")], el("h2", [], text("Edit the text")),
            Forms.post(SiteURL.olaReport(.value(id)).with(query: model.query), context: context, [
                Forms.textArea("Effort", name: "effort", value: values["effort"], rows: 4, errors: effortErrors.isEmpty ? nil : effortErrors),
                el("p", [cls("hint")], text("One person a line: Name: person-months (Pierre Frebault: 6).")),
                Forms.textArea("General overview", name: "overview", value: values["overview"], rows: 5, errors: model.errors["overview"]),
                Forms.textArea("Issues arising", name: "issuesArising", value: values["issuesArising"], rows: 3, errors: model.errors["issuesArising"]),
                Forms.textArea("Measures planned", name: "measuresPlanned", value: values["measuresPlanned"], rows: 3, errors: model.errors["measuresPlanned"]),
                Forms.textArea("Foreseen activities and changes", name: "foreseenActivities", value: values["foreseenActivities"], rows: 4,
                               errors: model.errors["foreseenActivities"]),
                Forms.submit("Save draft"),
            ]))
    }

    /// A page of its own for printing: the stylesheet, no navigation, no forms.
    static func printDocument(title: String, body: Markup) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(Escape.text(title)) · Switchboard</title><link rel=\"stylesheet\" href=\"\(SiteURL.stylesheet.path)\"></head>"
            + "<body><main id=\"main\" class=\"print-view\">\(body.render())</main></body></html>"
    }
}
