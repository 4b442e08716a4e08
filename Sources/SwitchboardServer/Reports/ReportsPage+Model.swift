import Foundation
import SwitchboardCore

/// The quarterly report (supporters and administrators): the seed's Table 1 for a unit and a
/// range, each figure linking to the tickets behind it; Figure 1 (tickets assigned per month)
/// and Figure 2 (assigned, solved and assigned to third line per week) as SVG; and the
/// third-line backlog now.
enum ReportsPage: WebPage {
    struct Model {
        var values: [String: String]
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])]
        var table: QuarterlyTable?
        var backlog: ThirdLineBacklog<UUID>?
        var backlogUnits: [UUID: SupportUnitModel] = [:]
        var error: String?

        /// The query string that asks for the same report (for links and downloads).
        var query: [(String, String)] {
            guard let table else { return [] }
            return [("unit", table.unit.name), ("from", ISO8601.format(table.range.from)), ("to", ISO8601.format(table.range.to)),
                    ("zone", table.range.zone), ("split", table.range.split.rawValue)]
        }
    }

    /// Figure 1: row 1 per calendar month.
    static func monthlyChart(_ table: QuarterlyTable) -> SVGChart {
        let months = table.series[.month] ?? []
        return SVGChart(kind: .bars, id: "figure-1", title: "Figure 1: tickets assigned to \(table.unit.name) per month", yLabel: "Tickets",
                        categories: months.map(\.period.label), series: [ChartSeries(name: "Assigned", values: months.map { Double($0.assigned) })])
    }

    /// Figure 2: rows 1, 2 and 4 per ISO week.
    static func weeklyChart(_ table: QuarterlyTable) -> SVGChart {
        let weeks = table.series[.week] ?? []
        return SVGChart(kind: .lines, id: "figure-2", title: "Figure 2: \(table.unit.name) per week", yLabel: "Tickets",
                        categories: weeks.map(\.period.label), series: [
                            ChartSeries(name: "Assigned", values: weeks.map { Double($0.assigned) }),
                            ChartSeries(name: "Solved", values: weeks.map { Double($0.solved) }),
                            ChartSeries(name: "Assigned to third line", values: weeks.map { Double($0.assignedToThirdLine) }),
                        ])
    }
}

/// The tickets behind one figure of the quarterly report.
enum ReportTicketsPage: WebPage {
    struct Model {
        var list: ReportTicketList
        var zone: String
    }
}
