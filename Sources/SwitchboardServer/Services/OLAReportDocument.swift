import Foundation
import SwitchboardCore

/// The OLA report as the seed lays it out, for export: Markdown (sections 1–6, the performance
/// table with missed figures marked) and CSV (the performance table at full precision).
enum OLAReportDocument {
    /// Two decimals, as the seed shows figures; "n/a" when undefined.
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }

    /// One row of the performance table: parameter, target, one cell per month. A cell has
    /// one part per figure (one per priority for support response), each marked when it
    /// misses its target.
    struct Row {
        struct Part {
            var text: String
            var missed: Bool
        }

        var parameter: String
        var target: String
        var cells: [[Part]]
    }

    static func rows(_ report: OLAReport) -> [Row] {
        let figures = report.figures
        func percentCell(_ value: Double?, _ target: Double) -> [Row.Part] {
            [Row.Part(text: percent(value), missed: value.map { $0 < target } ?? false)]
        }
        var rows = [
            Row(parameter: "Availability (%)", target: SVGChart.format(figures.availabilityTarget),
                cells: figures.months.map { percentCell($0.durations.availability, figures.availabilityTarget) }),
            Row(parameter: "Reliability (%)", target: SVGChart.format(figures.reliabilityTarget),
                cells: figures.months.map { percentCell($0.durations.reliability, figures.reliabilityTarget) }),
        ]
        let targets = figures.responseTargets.map { "\(SupportResponse.abbreviation($0.priority)):\(SVGChart.format($0.hours))" }.joined(separator: " ")
        func supportCell(_ month: OLAFigures.Month, hours: (SupportResponse.Figure) -> Double?, judged: Bool) -> [Row.Part] {
            let response = figures.support(month)
            let parts = TicketPriority.allCases.compactMap { priority -> Row.Part? in
                guard let figure = response.byPriority[priority], let value = hours(figure) else { return nil }
                let target = figures.responseTargets.first { $0.priority == priority }
                return Row.Part(text: "\(SupportResponse.abbreviation(priority)):\(String(format: "%.2f", value))",
                                missed: judged && target.map { value > $0.hours } ?? false)
            }
            return parts.isEmpty ? [Row.Part(text: "–", missed: false)] : parts
        }
        rows.append(Row(parameter: "Support response (working hours)", target: targets.isEmpty ? "–" : targets,
                        cells: figures.months.map { supportCell($0, hours: \.meanWorkingHours, judged: true) }))
        rows.append(Row(parameter: "Support response (calendar hours)", target: "",
                        cells: figures.months.map { supportCell($0, hours: \.meanCalendarHours, judged: false) }))
        return rows
    }

    static func markdown(_ report: OLAReport) -> String {
        let service = report.service
        let narrative = report.narrative
        var out = "# OLA report: \(service.name), \(report.range.first) to \(report.range.last)\n\n"
        out += "Provider: \(service.providerUnit.name). "
        if let publishedAt = report.publishedAt {
            out += "Published \(ISO8601.format(publishedAt)) by \(report.publishedBy ?? "?"); the figures are frozen as of then "
                + "and later monitoring corrections do not change them.\n\n"
        } else {
            out += "Draft, figures computed \(ISO8601.format(report.figures.computedAt)).\n\n"
        }
        let total = narrative.effort.reduce(0) { $0 + $1.personMonths }
        out += "## 1 Effort\n\n"
        if narrative.effort.isEmpty {
            out += "N.A.\n\n"
        } else {
            out += "The global effort is \(SVGChart.format(total)) PM for the period, distributed over \(narrative.effort.count) "
                + (narrative.effort.count == 1 ? "person" : "persons") + ":\n\n"
            for effort in narrative.effort { out += "- \(escape(effort.person)): \(SVGChart.format(effort.personMonths)) PM\n" }
            out += "\n"
        }
        out += "## 2 General overview of activity in the period\n\n\(text(narrative.overview))\n\n"
        out += "## 3 Performance against service targets\n\n"
        let months = report.figures.months.map(\.month)
        out += "| Service level parameter | Target | " + months.joined(separator: " | ") + " |\n"
        out += "|---|---|" + months.map { _ in "---:|" }.joined() + "\n"
        for row in rows(report) {
            out += "| \(row.parameter) | \(row.target) | "
                + row.cells.map { parts in parts.map { $0.missed ? "**\($0.text)** ✗" : $0.text }.joined(separator: " ") }.joined(separator: " | ") + " |\n"
        }
        out += "\nFigures in bold with ✗ miss their target. Availability = up / (total − unknown); reliability = up / (total − unknown − "
            + "scheduled downtime), from the monitoring results in UTC months; n/a: no monitored time. Support response: mean time from the "
            + "assignment to \(service.providerUnit.name) to its first reaction, per priority (lu less urgent, u urgent, vu very urgent, "
            + "tp top priority).\n\n"
        out += "## 4 Issues arising in the period\n\n\(text(narrative.issuesArising))\n\n"
        out += "## 5 Measures planned\n\n\(text(narrative.measuresPlanned))\n\n"
        out += "## 6 Foreseen activities and changes\n\n\(text(narrative.foreseenActivities))\n"
        return out
    }

    private static func text(_ text: String) -> String { text.isEmpty ? "N.A." : escape(text) }

    /// Entered text cannot open HTML in a Markdown renderer.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The performance table: one row per figure, full precision, empty when undefined.
    static func csv(_ report: OLAReport) -> String {
        let figures = report.figures
        var lines = [CSV.line(["parameter", "target"] + figures.months.map(\.month))]
        func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }
        lines.append(CSV.line(["availability", number(figures.availabilityTarget)] + figures.months.map { number($0.durations.availability) }))
        lines.append(CSV.line(["reliability", number(figures.reliabilityTarget)] + figures.months.map { number($0.durations.reliability) }))
        for priority in TicketPriority.allCases {
            let target = figures.responseTargets.first { $0.priority == priority }
            guard target != nil || figures.months.contains(where: { $0.support[priority.rawValue] != nil }) else { continue }
            lines.append(CSV.line(["support response \(priority.rawValue) (working hours)", number(target?.hours)]
                + figures.months.map { number($0.support[priority.rawValue]?.meanWorkingHours) }))
            lines.append(CSV.line(["support response \(priority.rawValue) (calendar hours)", ""]
                + figures.months.map { number($0.support[priority.rawValue]?.meanCalendarHours) }))
        }
        return lines.joined()
    }

    /// Availability and reliability per month with the availability target as a line.
    static func chart(_ report: OLAReport) -> SVGChart {
        let figures = report.figures
        return availabilityChart(id: "ola-chart", title: "\(report.service.name): availability and reliability per month",
                                 months: figures.months.map { ($0.month, $0.durations) },
                                 availabilityTarget: figures.availabilityTarget, reliabilityTarget: figures.reliabilityTarget)
    }

    /// The chart both the report and a service's page draw: two lines, the y axis from just
    /// below the lowest figure or target, the availability target as a dashed line.
    static func availabilityChart(id: String, title: String, months: [(label: String, durations: StatusDurations)],
                                  availabilityTarget: Double, reliabilityTarget: Double) -> SVGChart {
        let availability = months.map(\.durations.availability)
        let reliability = months.map(\.durations.reliability)
        let lowest = (availability + reliability).compactMap { $0 }.min() ?? 100
        var chart = SVGChart(kind: .lines, id: id, title: title, yLabel: "Percent", categories: months.map(\.label), series: [
            ChartSeries(name: "Availability", values: availability), ChartSeries(name: "Reliability", values: reliability),
        ])
        chart.axisFloor = max(0, (min(lowest, availabilityTarget, reliabilityTarget) - 1).rounded(.down))
        chart.referenceLine = ("Target \(SVGChart.format(availabilityTarget)) %", availabilityTarget)
        chart.emptyMessage = "No monitored time in this period"
        return chart
    }
}
