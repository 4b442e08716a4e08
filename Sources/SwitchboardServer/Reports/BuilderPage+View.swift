import Foundation
import SwitchboardCore
import Vapor

/// How BuilderPage and CompliancePage look: HTML from their models, nothing else.
extension BuilderPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> [Forms.Option] where T.RawValue == String {
            T.allCases.map { Forms.Option(value: $0.rawValue, label: Format.label($0.rawValue)) }
        }
        let dimensions = [Forms.Option(value: "", label: "—")] + options(BuilderQuestion.Dimension.self)
        let groupBy = (values["groupBy"] ?? "").split(separator: ",").map(String.init)
        let form = el("form", [Attr("method", "get"), Attr("action", SiteURL.reportBuilder.path), cls("filters")],
            Forms.field("Filed from", name: "from", value: values["from"] ?? model.answer.map { ReportsPage.day($0.question.range.from, $0.question.range) }),
            Forms.field("Filed before", name: "to", value: values["to"] ?? model.answer.map { ReportsPage.day($0.question.range.to, $0.question.range) }),
            Forms.field("Time zone", name: "zone", value: values["zone"] ?? "UTC"),
            NewTicketPage.unitSelect(name: "unit", label: "Unit now", choices: model.unitChoices, selected: values["unit"], blank: "Any unit"),
            Forms.select("Line", name: "tier", options: options(SupportTier.self), selected: values["tier"], includeBlank: "Any line"),
            Forms.select("Status now", name: "status", options: options(TicketStatus.self), selected: values["status"], includeBlank: "Any status"),
            Forms.select("Priority", name: "priority", options: options(TicketPriority.self), selected: values["priority"], includeBlank: "Any priority"),
            Forms.select("Priority as", name: "priorityAt", options: [Forms.Option(value: "filing", label: "At filing"), Forms.Option(value: "current", label: "Now")],
                         selected: values["priorityAt"] ?? "filing"),
            Forms.select("Type", name: "type", options: options(TicketType.self), selected: values["type"], includeBlank: "Any type"),
            Forms.select("Category", name: "category", options: options(TicketCategory.self).filter { $0.value != "test" }, selected: values["category"],
                         includeBlank: "Any category"),
            Forms.field("VO", name: "vo", value: values["vo"]),
            Forms.field("Site", name: "site", value: values["site"]),
            Forms.field("Component", name: "component", value: values["component"]),
            Forms.select("Group by", name: "groupBy", options: dimensions, selectedValues: Set(groupBy), groups: [], multiple: true),
            el("div", [cls("filter-actions")], Forms.submit("Build", kind: "secondary"), link("Clear", SiteURL.reportBuilder.path)))
        var content: [Markup] = [
            el("h1", [], text("Report builder")),
            el("p", [cls("hint")], text("Tickets filed in the range (test tickets never count). Response: working hours from filing to the first reaction "
                + "of the unit it was filed to; violated: that unit missed its target for the priority at filing. Solution: calendar days from filing "
                + "to the first solution. Open: open now, with their age.")),
            form,
            Forms.notice(model.error),
        ]
        if let answer = model.answer { content.append(table(answer, values: values)) }
        return Layout.render(title: "Report builder", context: context, active: .reports, group(content))
    }

    static func table(_ answer: BuilderAnswer, values: [String: String]) -> Markup {
        let headings = answer.question.groupBy.map { Format.label($0.rawValue) } + [
            "Submitted", "Response (working h, median)", "Violated", "Solution (days, median)", "Without waiting (days, median)", "Open", "Open age (days, median)",
        ]
        func cells(_ row: BuilderRow) -> [Markup] {
            [
                el("td", [cls("number")], text(String(row.submitted))),
                el("td", [cls("number")], text(ReportsPage.days(row.responseWorkingHours.median))),
                el("td", [cls("number")], text(String(row.violated))),
                el("td", [cls("number")], text(ReportsPage.days(row.solutionDays.median))),
                el("td", [cls("number")], text(ReportsPage.days(row.solutionExcludingWaitingDays.median))),
                el("td", [cls("number")], text(String(row.open))),
                el("td", [cls("number")], text(ReportsPage.days(row.openAgeDays.median))),
            ]
        }
        let query = values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return el("section", [cls("card"), Attr("id", "builder-result")],
            el("div", [cls("table-wrap")], el("table", [cls("table report-table")],
                el("thead", [], el("tr", [], headings.map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], answer.rows.map { row in
                    el("tr", [], row.group.map { el("td", [], text($0)) } + cells(row))
                }),
                el("tfoot", [], el("tr", [], answer.question.groupBy.enumerated().map { index, _ in
                    el("th", [Attr("scope", "row")], text(index == 0 ? "Total" : ""))
                } + cells(answer.total))))),
            el("p", [cls("hint")], text("Computed \(ISO8601.format(answer.computedAt)). "),
               link("Download as CSV", SiteURL.reportBuilderTable.with(query: query))))
    }
}

extension CompliancePage {
    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let form = el("form", [Attr("method", "get"), Attr("action", SiteURL.reportCompliance.path), cls("filters")],
            Forms.field("Assigned from", name: "from", value: values["from"] ?? model.report.map { ReportsPage.day($0.range.from, $0.range) }),
            Forms.field("Assigned before", name: "to", value: values["to"] ?? model.report.map { ReportsPage.day($0.range.to, $0.range) }),
            Forms.field("Time zone", name: "zone", value: values["zone"] ?? "UTC"),
            Forms.select("Priority as", name: "priorityAt", options: [Forms.Option(value: "filing", label: "At filing"), Forms.Option(value: "current", label: "Now")],
                         selected: values["priorityAt"] ?? "filing"),
            el("div", [cls("filter-actions")], Forms.submit("Show", kind: "secondary")))
        var content: [Markup] = [
            el("h1", [], text("Response-target compliance of the product teams")),
            el("p", [cls("hint")], text("Tickets first assigned to a third-line unit in the range; met: the team's first reaction came within its "
                + "target for the priority, in the team's working time. Pending: no reaction yet, deadline still ahead.")),
            form,
            Forms.notice(model.error),
        ]
        if let report = model.report {
            content.append(levelsTable(report))
            content.append(teamsTable(report, query: values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        return Layout.render(title: "Response-target compliance", context: context, active: .reports, group(content))
    }

    static func share(_ row: ComplianceRow) -> String {
        guard row.target != nil else { return "best effort" }
        guard let share = row.share else { return "—" }
        return String(format: "%.0f %% (%d of %d)", share * 100, row.met, row.met + row.missed)
    }

    /// The seed's Table 3: severities down, levels across, each target with its compliance.
    static func levelsTable(_ report: ComplianceReport) -> Markup {
        let levels = Array(Set(report.levels.map(\.level))).sorted()
        return el("section", [cls("card"), Attr("id", "levels")], el("h2", [], text("Per level")),
            el("div", [cls("table-wrap")], el("table", [cls("table report-table")],
                el("thead", [], el("tr", [], [el("th", [Attr("scope", "col")], text("Severity"))] + levels.map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], TicketPriority.allCases.reversed().map { priority in
                    el("tr", [], [el("th", [Attr("scope", "row")], text("Severity \(priority.severity) (\(Format.label(priority.rawValue)))"))] + levels.map { level in
                        let row = report.levels.first { $0.level == level && $0.priority == priority }
                        return el("td", [], text(row?.target ?? "Best effort"), el("br"), el("small", [], text(row.map(share) ?? "—")))
                    })
                }))))
    }

    static func teamsTable(_ report: ComplianceReport, query: [(String, String)]) -> Markup {
        el("section", [cls("card"), Attr("id", "teams")], el("h2", [], text("Per product team")),
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], ["Team", "Level", "Severity", "Target", "Tickets", "Met", "Pending", "Median response (working h)"].map {
                    el("th", [Attr("scope", "col")], text($0))
                })),
                el("tbody", [], report.teams.filter { $0.tickets > 0 }.map { row in
                    el("tr", [], el("td", [], text(row.unit)), el("td", [], text(row.level)), el("td", [cls("number")], text(String(row.priority.severity))),
                       el("td", [], text(row.target ?? "best effort")), el("td", [cls("number")], text(String(row.tickets))),
                       el("td", [], text(share(row))), el("td", [cls("number")], text(String(row.pending))),
                       el("td", [cls("number")], text(ReportsPage.days(row.responseWorkingHours.median))))
                }))),
            el("p", [], link("Download as CSV", SiteURL.reportComplianceTable.with(query: query))))
    }
}
