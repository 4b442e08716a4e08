import Foundation
import SwitchboardCore
import Vapor

/// `GET /api/v1/reports/builder`.
struct BuilderResponse: Content {
    struct Row: Content {
        var group: [String: String]
        var submitted: Int
        var responseWorkingHours: SummaryResponse
        var violated: Int
        var solutionDays: SummaryResponse
        var solutionExcludingWaitingDays: SummaryResponse
        var open: Int
        var openAgeDays: SummaryResponse

        init(_ row: BuilderRow, dimensions: [BuilderQuestion.Dimension]) {
            group = Dictionary(uniqueKeysWithValues: zip(dimensions.map(\.rawValue), row.group))
            submitted = row.submitted
            responseWorkingHours = SummaryResponse(row.responseWorkingHours)
            violated = row.violated
            solutionDays = SummaryResponse(row.solutionDays)
            solutionExcludingWaitingDays = SummaryResponse(row.solutionExcludingWaitingDays)
            open = row.open
            openAgeDays = SummaryResponse(row.openAgeDays)
        }
    }

    var from: Date
    var to: Date
    var zone: String
    var groupBy: [String]
    var priorityAt: String
    var definitionsVersion: String
    var computedAt: Date
    var rows: [Row]
    var total: Row

    init(_ answer: BuilderAnswer) {
        from = answer.question.range.from
        to = answer.question.range.to
        zone = answer.question.range.zone
        groupBy = answer.question.groupBy.map(\.rawValue)
        priorityAt = answer.question.priorityAt.rawValue
        definitionsVersion = QuarterlyReport.definitionsVersion
        computedAt = answer.computedAt
        rows = answer.rows.map { Row($0, dimensions: answer.question.groupBy) }
        total = Row(answer.total, dimensions: [])
    }

    static func csv(_ answer: BuilderAnswer) -> String {
        let dimensions = answer.question.groupBy.map(\.rawValue)
        var lines = [CSV.line(dimensions + [
            "submitted", "response_working_hours_count", "response_working_hours_mean", "response_working_hours_median", "violated",
            "solution_days_count", "solution_days_mean", "solution_days_median", "solution_excluding_waiting_days_mean",
            "solution_excluding_waiting_days_median", "open", "open_age_days_mean", "open_age_days_median",
        ])]
        for row in answer.rows + [answer.total] {
            let group = row.group.isEmpty ? dimensions.enumerated().map { $0.offset == 0 ? "Total" : "" } : row.group.map(CSV.text)
            let r = Row(row, dimensions: [])
            lines.append(CSV.line(group + [
                "\(r.submitted)", "\(r.responseWorkingHours.count)", CSV.number(r.responseWorkingHours.mean), CSV.number(r.responseWorkingHours.median),
                "\(r.violated)", "\(r.solutionDays.count)", CSV.number(r.solutionDays.mean), CSV.number(r.solutionDays.median),
                CSV.number(r.solutionExcludingWaitingDays.mean), CSV.number(r.solutionExcludingWaitingDays.median),
                "\(r.open)", CSV.number(r.openAgeDays.mean), CSV.number(r.openAgeDays.median),
            ]))
        }
        return lines.joined()
    }
}

/// `GET /api/v1/reports/sla-compliance`.
struct ComplianceResponse: Content {
    struct Row: Content {
        var unit: String?
        var level: String
        var priority: TicketPriority
        var severity: Int
        var target: String?
        var tickets: Int
        var met: Int
        var missed: Int
        var pending: Int
        var share: Double?
        var responseWorkingHours: SummaryResponse

        init(_ row: ComplianceRow, withUnit: Bool) {
            unit = withUnit ? row.unit : nil
            level = row.level
            priority = row.priority
            severity = row.priority.severity
            target = row.target
            tickets = row.tickets
            met = row.met
            missed = row.missed
            pending = row.pending
            share = row.share.map(SummaryResponse.rounded)
            responseWorkingHours = SummaryResponse(row.responseWorkingHours)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(unit, forKey: .unit)
            try container.encode(level, forKey: .level)
            try container.encode(priority, forKey: .priority)
            try container.encode(severity, forKey: .severity)
            try container.encode(target, forKey: .target)
            try container.encode(tickets, forKey: .tickets)
            try container.encode(met, forKey: .met)
            try container.encode(missed, forKey: .missed)
            try container.encode(pending, forKey: .pending)
            try container.encode(share, forKey: .share)
            try container.encode(responseWorkingHours, forKey: .responseWorkingHours)
        }
    }

    var from: Date
    var to: Date
    var zone: String
    var priorityAt: String
    var computedAt: Date
    var teams: [Row]
    var levels: [Row]

    init(_ report: ComplianceReport) {
        from = report.range.from
        to = report.range.to
        zone = report.range.zone
        priorityAt = report.priorityAt.rawValue
        computedAt = report.computedAt
        teams = report.teams.map { Row($0, withUnit: true) }
        levels = report.levels.map { Row($0, withUnit: false) }
    }

    static func csv(_ report: ComplianceReport) -> String {
        var lines = [CSV.line(["unit", "level", "severity", "priority", "target", "tickets", "met", "missed", "pending", "share",
                               "response_working_hours_median"])]
        for row in report.teams {
            lines.append(CSV.line([CSV.text(row.unit), row.level, "\(row.priority.severity)", row.priority.rawValue, row.target ?? "best effort",
                                   "\(row.tickets)", "\(row.met)", "\(row.missed)", "\(row.pending)",
                                   CSV.number(row.share.map(SummaryResponse.rounded)), CSV.number(row.responseWorkingHours.median.map(SummaryResponse.rounded))]))
        }
        return lines.joined()
    }
}
