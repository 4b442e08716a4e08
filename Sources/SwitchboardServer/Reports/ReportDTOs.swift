import Foundation
import SwitchboardCore
import Vapor

/// Count, mean and median; `mean` and `median` are null for an empty population.
struct SummaryResponse: Content {
    var count: Int
    var mean: Double?
    var median: Double?

    init(_ summary: Summary) {
        count = summary.count
        mean = summary.mean.map(Self.rounded)
        median = summary.median.map(Self.rounded)
    }

    /// Six decimals: a second is 0.000012 days, so no figure loses a whole second.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    // Written out so that absent figures are `null`, not left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(mean, forKey: .mean)
        try container.encode(median, forKey: .median)
    }
}

/// One column of Table 1.
struct QuarterlyFiguresResponse: Content {
    var from: Date
    var to: Date
    var label: String
    var assigned: Int
    var solved: Int
    var reassignedToFirstLine: Int
    var assignedToThirdLine: Int
    var shareSolved: Double?
    var timeToSolveDays: SummaryResponse
    var timeToSolveExcludingWaitingDays: SummaryResponse
    var timeToSolveWorkingDays: SummaryResponse?
    var timeToThirdLineMinutes: SummaryResponse

    init(_ figures: QuarterlyFigures) {
        from = figures.period.start
        to = figures.period.end
        label = figures.period.label
        assigned = figures.assigned
        solved = figures.solved
        reassignedToFirstLine = figures.reassignedToFirstLine
        assignedToThirdLine = figures.assignedToThirdLine
        shareSolved = figures.shareSolved.map(SummaryResponse.rounded)
        timeToSolveDays = SummaryResponse(figures.timeToSolveDays)
        timeToSolveExcludingWaitingDays = SummaryResponse(figures.timeToSolveExcludingWaitingDays)
        timeToSolveWorkingDays = figures.timeToSolveWorkingDays.map(SummaryResponse.init)
        timeToThirdLineMinutes = SummaryResponse(figures.timeToThirdLineMinutes)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(label, forKey: .label)
        try container.encode(assigned, forKey: .assigned)
        try container.encode(solved, forKey: .solved)
        try container.encode(reassignedToFirstLine, forKey: .reassignedToFirstLine)
        try container.encode(assignedToThirdLine, forKey: .assignedToThirdLine)
        try container.encode(shareSolved, forKey: .shareSolved)
        try container.encode(timeToSolveDays, forKey: .timeToSolveDays)
        try container.encode(timeToSolveExcludingWaitingDays, forKey: .timeToSolveExcludingWaitingDays)
        try container.encode(timeToSolveWorkingDays, forKey: .timeToSolveWorkingDays)
        try container.encode(timeToThirdLineMinutes, forKey: .timeToThirdLineMinutes)
    }
}

/// `GET /api/v1/reports/quarterly`: Table 1.
struct QuarterlyReportResponse: Content {
    var unit: String
    var from: Date
    var to: Date
    var zone: String
    var split: String
    var definitionsVersion: String
    var computedAt: Date
    var periods: [QuarterlyFiguresResponse]
    var total: QuarterlyFiguresResponse

    init(_ table: QuarterlyTable) {
        unit = table.unit.name
        from = table.range.from
        to = table.range.to
        zone = table.range.zone
        split = table.range.split.rawValue
        definitionsVersion = QuarterlyReport.definitionsVersion
        computedAt = table.computedAt
        periods = table.periods.map(QuarterlyFiguresResponse.init)
        total = QuarterlyFiguresResponse(table.total)
    }

    /// The same table as CSV: one line per period, then the total.
    static func csv(_ table: QuarterlyTable) -> String {
        var lines = [CSV.line([
            "label", "from", "to", "assigned", "solved", "reassigned_to_first_line", "assigned_to_third_line", "share_solved",
            "time_to_solve_days_count", "time_to_solve_days_mean", "time_to_solve_days_median",
            "time_to_solve_excluding_waiting_days_mean", "time_to_solve_excluding_waiting_days_median",
            "time_to_solve_working_days_mean", "time_to_solve_working_days_median",
            "time_to_third_line_minutes_count", "time_to_third_line_minutes_mean", "time_to_third_line_minutes_median",
        ])]
        for figures in table.periods + [table.total] {
            let row = QuarterlyFiguresResponse(figures)
            lines.append(CSV.line([
                row.label, ISO8601.format(row.from), ISO8601.format(row.to), "\(row.assigned)", "\(row.solved)", "\(row.reassignedToFirstLine)",
                "\(row.assignedToThirdLine)", CSV.number(row.shareSolved),
                "\(row.timeToSolveDays.count)", CSV.number(row.timeToSolveDays.mean), CSV.number(row.timeToSolveDays.median),
                CSV.number(row.timeToSolveExcludingWaitingDays.mean), CSV.number(row.timeToSolveExcludingWaitingDays.median),
                CSV.number(row.timeToSolveWorkingDays?.mean), CSV.number(row.timeToSolveWorkingDays?.median),
                "\(row.timeToThirdLineMinutes.count)", CSV.number(row.timeToThirdLineMinutes.mean), CSV.number(row.timeToThirdLineMinutes.median),
            ]))
        }
        return lines.joined()
    }
}

/// `GET /api/v1/reports/quarterly/tickets`: the tickets behind one figure.
struct ReportTicketsResponse: Content {
    struct Entry: Content {
        var id: Int
        var subject: String
        var status: TicketStatus
        var supportUnit: String
        var at: Date
    }

    var unit: String
    var row: String
    var from: Date
    var to: Date
    var tickets: [Entry]

    init(_ list: ReportTicketList) {
        unit = list.unit.name
        row = list.row.rawValue
        from = list.from
        to = list.to
        tickets = list.entries.map { entry in
            Entry(id: entry.ticket.id ?? 0, subject: entry.ticket.subject, status: entry.ticket.status,
                  supportUnit: entry.ticket.$supportUnit.value?.name ?? "", at: entry.at)
        }
    }
}

/// `GET /api/v1/reports/third-line-backlog`.
struct ThirdLineBacklogResponse: Content {
    struct Entry: Content {
        var id: Int
        var supportUnit: String
        var assignedAt: Date
    }

    var at: Date
    var olderThanMonths: Int
    var definitionsVersion: String
    var total: Int
    var perUnit: [String: Int]
    var byAge: [String: Int]
    var tickets: [Entry]

    init(_ backlog: ThirdLineBacklog<UUID>, olderThanMonths: Int, units: [UUID: SupportUnitModel]) {
        at = backlog.at
        self.olderThanMonths = olderThanMonths
        definitionsVersion = QuarterlyReport.definitionsVersion
        total = backlog.total
        perUnit = Dictionary(uniqueKeysWithValues: backlog.perUnit.map { (units[$0.key]?.name ?? $0.key.uuidString, $0.value) })
        byAge = Dictionary(uniqueKeysWithValues: backlog.byAge.map { ($0.key.rawValue, $0.value) })
        tickets = backlog.tickets.map { Entry(id: $0.ticketID, supportUnit: units[$0.unit]?.name ?? "", assignedAt: $0.assignedAt) }
    }
}

/// RFC 4180 lines: fields quoted when they hold a comma, a quote or a line break; CRLF ends.
enum CSV {
    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text that people typed (a VO, a unit name): a leading =, +, - or @ would make a
    /// spreadsheet read it as a formula, so such a field starts with an apostrophe.
    static func text(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        return "'" + value
    }

    /// Empty for no figure; otherwise the number without needless digits.
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}
