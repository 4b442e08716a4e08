import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// One product team and priority: of the tickets first assigned to the team in the period, how
/// many had a response target, how many the team's first reaction met, and the median response.
public struct ComplianceRow: Sendable {
    public var unit: String
    public var level: String
    public var priority: TicketPriority
    /// The level's target for the priority ("5wd"); nil for best effort.
    public var target: String?
    public var tickets: Int
    public var met: Int
    public var missed: Int
    /// No reaction yet and the deadline still ahead.
    public var pending: Int
    /// met / (met + missed); nil when nothing was judged (or best effort).
    public var share: Double? { met + missed == 0 ? nil : Double(met) / Double(met + missed) }
    /// Working hours from the assignment to the first reaction.
    public var responseWorkingHours: Summary
}

public struct ComplianceReport: Sendable {
    public var range: ReportRange
    public var priorityAt: BuilderQuestion.PriorityAt
    public var computedAt: Date
    /// Per team and priority, teams by name.
    public var teams: [ComplianceRow]
    /// Per level and priority, all teams of the level together (the seed's Table 3 with compliance).
    public var levels: [ComplianceRow]
}

extension ReportOperations {
    /// Response-target compliance of the third-line units over tickets first assigned to them in
    /// the range, for the technology coordination board.
    public func slaCompliance(range: ReportRange, priorityAt: BuilderQuestion.PriorityAt, for principal: Principal) async throws -> ComplianceReport {
        try Self.checkMayRead(principal)
        let database = helpdesk.database
        let sql = database as! any SQLDatabase
        let now = helpdesk.clock.now()
        let teams = try await SupportUnitModel.query(on: database).filter(\.$tier == .thirdLine).sort(\.$name).all()
        var rows: [ComplianceRow] = []
        var byLevel: [String: [TicketPriority: ComplianceRow]] = [:]
        var levelHours: [String: [TicketPriority: [Double]]] = [:]
        let facts = ReportSchema.unitFacts
        for team in teams {
            let teamID = try team.requireID()
            let level = try await ResponseClocks.serviceLevel(of: team, on: database)
            let calendar = WorkingTimeIndex(calendar: try await CalendarOperations.businessCalendar(of: team, on: database),
                                            from: range.from, to: max(now, range.to))
            let found = try await sql.select()
                .column(SQLColumn("first_assigned_at", table: facts)).column(SQLColumn("first_reaction_at", table: facts))
                .column(SQLColumn("filed_priority", table: ReportSchema.ticketFacts)).column(SQLColumn("priority", table: TicketModel.schema))
                .from(facts)
                .join(SQLIdentifier(ReportSchema.ticketFacts), method: SQLJoinMethod.inner, on: SQLColumn("ticket_id", table: ReportSchema.ticketFacts),
                      SQLBinaryOperator.equal, SQLColumn("ticket_id", table: facts))
                .join(SQLIdentifier(TicketModel.schema), method: SQLJoinMethod.inner, on: SQLColumn("id", table: TicketModel.schema),
                      SQLBinaryOperator.equal, SQLColumn("ticket_id", table: facts))
                .where(SQLColumn("unit_id", table: facts), .equal, SQLBind(teamID))
                .where(SQLColumn("first_assigned_at", table: facts), .greaterThanOrEqual, SQLBind(range.from))
                .where(SQLColumn("first_assigned_at", table: facts), .lessThan, SQLBind(range.to))
                .all()
            var perPriority = Dictionary(uniqueKeysWithValues: TicketPriority.allCases.map { priority in
                (priority, (row: ComplianceRow(unit: team.name, level: level.name, priority: priority, target: level.target(for: priority)?.description,
                                               tickets: 0, met: 0, missed: 0, pending: 0, responseWorkingHours: Summary([])), hours: [Double]()))
            })
            for row in found {
                let text = try row.decode(column: priorityAt == .filing ? "filed_priority" : "priority", as: String.self)
                let priority = TicketPriority(rawValue: text) ?? .default
                let assigned = try row.decode(column: "first_assigned_at", as: Date.self)
                let reaction = try row.decode(column: "first_reaction_at", as: Date?.self)
                perPriority[priority]!.row.tickets += 1
                if let reaction { perPriority[priority]!.hours.append(Double(calendar.workingTime(from: assigned, to: reaction)) / 3600) }
                guard let target = level.target(for: priority) else { continue }
                let deadline = calendar.deadline(from: assigned, plus: target.seconds(workingDayLength: calendar.calendar.workingDayLength))
                switch ResponseCompliance.judge(reactionAt: reaction, deadline: deadline, at: now) {
                case .met: perPriority[priority]!.row.met += 1
                case .missed: perPriority[priority]!.row.missed += 1
                case .pending: perPriority[priority]!.row.pending += 1
                }
            }
            for priority in TicketPriority.allCases.reversed() {
                var (row, hours) = perPriority[priority]!
                row.responseWorkingHours = Summary(hours)
                rows.append(row)
                var combined = byLevel[level.name, default: [:]][priority]
                    ?? ComplianceRow(unit: "", level: level.name, priority: priority, target: row.target, tickets: 0, met: 0, missed: 0, pending: 0,
                                     responseWorkingHours: Summary([]))
                combined.tickets += row.tickets
                combined.met += row.met
                combined.missed += row.missed
                combined.pending += row.pending
                byLevel[level.name, default: [:]][priority] = combined
                levelHours[level.name, default: [:]][priority, default: []] += hours
            }
        }
        var levels: [ComplianceRow] = []
        for name in byLevel.keys.sorted() {
            for priority in TicketPriority.allCases.reversed() {
                var row = byLevel[name]![priority]!
                row.responseWorkingHours = Summary(levelHours[name]?[priority] ?? [])
                levels.append(row)
            }
        }
        return ComplianceReport(range: range, priorityAt: priorityAt, computedAt: now, teams: rows, levels: levels)
    }
}
