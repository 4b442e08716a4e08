import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// The reports: the seed's quarterly table (Table 1) and its figures, the third-line backlog,
/// and the tickets behind each figure. Read from the report projection, which the history
/// keeps (`ReportProjection`); for supporters and administrators.
public struct ReportOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var reports: ReportOperations { ReportOperations(helpdesk: self) }
}

/// Table 1 for one unit over a range, per period and in total.
public struct QuarterlyTable: Sendable {
    public var unit: SupportUnitModel
    public var range: ReportRange
    public var computedAt: Date
    public var periods: [QuarterlyFigures]
    public var total: QuarterlyFigures
    /// The same range cut in other ways, when asked for (the figures: by month, by week).
    public var series: [ReportSplit: [QuarterlyFigures]] = [:]
}

/// The tickets behind one figure of Table 1, with the instant each entered the row.
public struct ReportTicketList: Sendable {
    public var unit: SupportUnitModel
    public var row: QuarterlyReport.Row
    public var from: Date
    public var to: Date
    public var entries: [(ticket: TicketModel, at: Date)]
}

extension ReportOperations {
    /// Reports are internal figures: supporters and administrators read them.
    static func checkMayRead(_ principal: Principal) throws(HelpdeskError) {
        guard principal.isSupporter || principal.isAdmin else { throw .forbidden("Reports are for supporters and administrators.") }
    }

    /// The unit a report is about: by name or id, or the second-line unit (the first by name).
    public func reportUnit(_ reference: String?) async throws -> SupportUnitModel {
        let database = helpdesk.database
        if let reference = reference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty {
            guard let unit = try await UnitOperations.unit(reference, on: database) else {
                throw HelpdeskError.invalid("unit", "There is no support unit '\(reference)'.")
            }
            return unit
        }
        guard let unit = try await SupportUnitModel.query(on: database).filter(\.$tier == .secondLine).sort(\.$name).first() else {
            throw HelpdeskError.invalid("unit", "There is no second-line unit; name the unit to report on.")
        }
        return unit
    }

    /// Table 1 for `unit` over `range`, per period and for the whole range; with `alsoSplitBy`,
    /// the same figures cut in other ways too (from the same facts).
    public func quarterly(unit: SupportUnitModel, range: ReportRange, alsoSplitBy splits: [ReportSplit] = [], for principal: Principal) async throws
        -> QuarterlyTable
    {
        try Self.checkMayRead(principal)
        let facts = try await unitFacts(unit: unit, from: range.from, to: range.to)
        let calendar = try await CalendarOperations.businessCalendar(of: unit, on: helpdesk.database)
        // Working time from one index over the days the solved tickets span, not day by day each.
        let solved = facts.filter { $0.firstSolvedAt != nil }
        let index = WorkingTimeIndex(calendar: calendar, from: solved.map(\.firstAssignedAt).min() ?? range.from,
                                     to: solved.compactMap(\.firstSolvedAt).max() ?? range.from)
        func figures(_ periods: [ReportPeriod], inWorkingTime: Bool = true) -> [QuarterlyFigures] {
            let measure: ((Date, Date) -> Int)? = inWorkingTime ? { index.workingTime(from: $0, to: $1) } : nil
            return QuarterlyReport.figures(of: facts, periods: periods, workingTime: measure, workingDayLength: calendar.workingDayLength)
        }
        let whole = ReportPeriod(start: range.from, end: range.to, label: "Total")
        // The total apart: periods given together must not overlap.
        var result = QuarterlyTable(unit: unit, range: range, computedAt: helpdesk.clock.now(), periods: figures(range.periods),
                                    total: figures([whole])[0])
        for split in splits {
            result.series[split] = figures(range.calendar.periods(from: range.from, to: range.to, split: split), inWorkingTime: false)
        }
        return result
    }

    /// The tickets that enter `row` for `unit` in `[from, to)`, in the order they entered it.
    public func tickets(in row: QuarterlyReport.Row, unit: SupportUnitModel, from: Date, to: Date, for principal: Principal) async throws
        -> ReportTicketList
    {
        try Self.checkMayRead(principal)
        let facts = try await unitFacts(unit: unit, from: from, to: to)
        let period = ReportPeriod(start: from, end: to, label: "")
        let entering = facts.compactMap { fact in row.instant(of: fact).flatMap { period.contains($0) ? (fact.ticketID, $0) : nil } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var tickets: [Int: TicketModel] = [:]
        for chunk in entering.map(\.0).chunked(into: 500) {
            for ticket in try await TicketModel.query(on: helpdesk.database).filter(\.$id ~~ chunk).with(\.$supportUnit).all() {
                tickets[try ticket.requireID()] = ticket
            }
        }
        return ReportTicketList(unit: unit, row: row, from: from, to: to, entries: entering.compactMap { id, at in tickets[id].map { ($0, at) } })
    }

    /// Every fact of `unit` that can enter a row in `[from, to)`: assigned or solved in the
    /// range, or handed to a first- or third-line unit for the first time in it.
    func unitFacts(unit: SupportUnitModel, from: Date, to: Date) async throws -> [UnitFacts<UUID>] {
        let sql = helpdesk.database as! any SQLDatabase
        let unitID = try unit.requireID()
        var facts: [Int: UnitFacts<UUID>] = [:]
        for column in ["first_assigned_at", "first_solved_at"] {
            let rows = try await sql.select().columns("ticket_id", "first_assigned_at", "first_solved_at", "solve_seconds_excluding_waiting")
                .from(ReportSchema.unitFacts).where("unit_id", .equal, unitID)
                .where(column, .greaterThanOrEqual, from).where(column, .lessThan, to).all()
            for row in rows { let fact = try Self.fact(row, unit: unitID); facts[fact.ticketID] = fact }
        }
        let tiers = try await SupportUnitModel.query(on: helpdesk.database).field(\.$id).field(\.$tier).all()
        for tier in [SupportTier.firstLine, .thirdLine] {
            let targets = tiers.filter { $0.tier == tier }.compactMap(\.id)
            guard !targets.isEmpty else { continue }
            // Tickets handed on within the range (by the index on unit and instant), then the
            // first hand-off of each: a ticket handed on before the range too does not count.
            let firstAt = SQLFunction("MIN", args: SQLColumn("first_at"))
            let inRange = sql.select().column("ticket_id").from(ReportSchema.handOffs)
                .where("from_unit_id", .equal, unitID).where("to_unit_id", .in, targets)
                .where("first_at", .greaterThanOrEqual, from).where("first_at", .lessThan, to)
            let rows = try await sql.select().column("ticket_id").column(SQLAlias(firstAt, as: SQLIdentifier("first_at")))
                .from(ReportSchema.handOffs).where("from_unit_id", .equal, unitID).where("to_unit_id", .in, targets)
                .where("ticket_id", .in, SQLGroupExpression(inRange.select))
                .groupBy("ticket_id").having(firstAt, .greaterThanOrEqual, SQLBind(from)).having(firstAt, .lessThan, SQLBind(to)).all()
            var missing: [Int: Date] = [:]
            for row in rows {
                let ticketID = try row.decode(column: "ticket_id", as: Int.self), at = try row.decode(column: "first_at", as: Date.self)
                if facts[ticketID] == nil { missing[ticketID] = at } else { facts[ticketID]!.setHandOff(to: tier, at: at) }
            }
            for chunk in Array(missing.keys).chunked(into: 500) {
                let rows = try await sql.select().columns("ticket_id", "first_assigned_at", "first_solved_at", "solve_seconds_excluding_waiting")
                    .from(ReportSchema.unitFacts).where("unit_id", .equal, unitID).where("ticket_id", .in, chunk).all()
                for row in rows {
                    var fact = try Self.fact(row, unit: unitID)
                    fact.setHandOff(to: tier, at: missing[fact.ticketID]!)
                    facts[fact.ticketID] = fact
                }
            }
        }
        // Facts loaded for their assignment or solution keep their hand-offs unknown: a hand-off
        // outside the range counts in no period, and one inside it was loaded above.
        return facts.values.sorted { $0.ticketID < $1.ticketID }
    }

    private static func fact(_ row: any SQLRow, unit: UUID) throws -> UnitFacts<UUID> {
        UnitFacts(
            ticketID: try row.decode(column: "ticket_id", as: Int.self), unit: unit,
            firstAssignedAt: try row.decode(column: "first_assigned_at", as: Date.self),
            firstSolvedAt: try row.decode(column: "first_solved_at", as: Date?.self),
            solveSecondsExcludingWaiting: try row.decode(column: "solve_seconds_excluding_waiting", as: Int?.self))
    }

    /// Definition 8 at `at`: open third-line tickets whose latest assignment to their unit is
    /// older than `olderThanMonths` calendar months.
    public func thirdLineBacklog(at: Date, olderThanMonths: Int, calendar: ReportCalendar, for principal: Principal) async throws
        -> (backlog: ThirdLineBacklog<UUID>, units: [UUID: SupportUnitModel])
    {
        try Self.checkMayRead(principal)
        let sql = helpdesk.database as! any SQLDatabase
        let units = try await SupportUnitModel.query(on: helpdesk.database).filter(\.$tier == .thirdLine).all()
        let byID = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit) } })
        let cutoff = calendar.adding(months: -olderThanMonths, to: at)
        var spans: [OpenSpan<UUID>] = []
        if !byID.isEmpty {
            let rows = try await sql.select().columns("ticket_id", "unit_id", "assigned_at", "starts_at", "ends_at").from(ReportSchema.openSpans)
                .where("unit_id", .in, Array(byID.keys)).where("assigned_at", .lessThan, cutoff).where("starts_at", .lessThanOrEqual, at)
                .where { $0.where("ends_at", .is, SQLLiteral.null).orWhere("ends_at", .greaterThan, at) }
                .all()
            spans = try rows.map { row in
                OpenSpan(ticketID: try row.decode(column: "ticket_id", as: Int.self), unit: try row.decode(column: "unit_id", as: UUID.self),
                         assignedAt: try row.decode(column: "assigned_at", as: Date.self), startsAt: try row.decode(column: "starts_at", as: Date.self),
                         endsAt: try row.decode(column: "ends_at", as: Date?.self))
            }
        }
        let backlog = ThirdLineBacklog(spans: spans, at: at, olderThanMonths: olderThanMonths, calendar: calendar) { byID[$0] != nil }
        return (backlog, byID)
    }
}

extension UnitFacts {
    mutating func setHandOff(to tier: SupportTier, at instant: Date) {
        switch tier {
        case .firstLine: firstToFirstLineAt = instant
        case .thirdLine: firstToThirdLineAt = instant
        default: break
        }
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
