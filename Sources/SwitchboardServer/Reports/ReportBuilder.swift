import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// What the report builder is asked: tickets filed in a range, narrowed by filters, counted and
/// measured per group. Parsed the same way from the API's and the page's query parameters.
public struct BuilderQuestion: Sendable {
    /// What rows are grouped by; at most three at once.
    public enum Dimension: String, CaseIterable, Sendable {
        case unit, priority, month, week, vo, category
    }

    /// Which priority filters and groups: the one at filing (the default) or the current one.
    public enum PriorityAt: String, CaseIterable, Sendable {
        case filing, current
    }

    public var range: ReportRange
    /// The unit responsible now.
    public var units: [UUID]?
    /// The line of the unit responsible now.
    public var tiers: [SupportTier]?
    public var statuses: [TicketStatus]?
    public var priorities: [TicketPriority]?
    public var types: [TicketType]?
    public var categories: [TicketCategory]?
    public var vos: [String]?
    public var sites: [String]?
    public var components: [String]?
    public var groupBy: [Dimension]
    public var priorityAt: PriorityAt

    public static let maxDimensions = 3

    /// Filters are comma-separated lists; absent or empty means no filter.
    static func parse(_ values: [String: String], now: Date, units resolve: (String) async throws -> SupportUnitModel?) async throws -> BuilderQuestion {
        var errors = FieldErrors()
        var range = try ReportRange.parse(from: nil, to: nil, zone: nil, split: "none", now: now)
        switch Result(catching: { () throws(HelpdeskError) in
            try ReportRange.parse(from: values["from"], to: values["to"], zone: values["zone"], split: "none", now: now)
        }) {
        case .success(let asked): range = asked
        case .failure(.invalid(let rangeErrors)):
            for (field, messages) in rangeErrors.messages { for message in messages { errors.add(field, message) } }
        case .failure(let error): throw error
        }
        func list(_ key: String) -> [String]? {
            guard let text = values[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func enumerated<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> [T]? where T.RawValue == String {
            guard let texts = list(key) else { return nil }
            var result: [T] = []
            for text in texts {
                if let value = T(rawValue: text) { result.append(value) } else {
                    errors.add(key, "'\(text)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
            }
            return result
        }
        var units: [UUID]?
        if let names = list("unit") {
            units = []
            for name in names {
                if let unit = try await resolve(name), let id = unit.id { units!.append(id) } else { errors.add("unit", "There is no support unit '\(name)'.") }
            }
        }
        let groupBy = enumerated("groupBy", Dimension.self) ?? []
        if groupBy.count > maxDimensions { errors.add("groupBy", "Group by at most \(maxDimensions) dimensions.") }
        if Set(groupBy).count != groupBy.count { errors.add("groupBy", "Each dimension once.") }
        let priorityAt = enumerated("priorityAt", PriorityAt.self)?.first ?? .filing
        let question = BuilderQuestion(
            range: range, units: units, tiers: enumerated("tier", SupportTier.self), statuses: enumerated("status", TicketStatus.self),
            priorities: enumerated("priority", TicketPriority.self), types: enumerated("type", TicketType.self),
            categories: enumerated("category", TicketCategory.self), vos: list("vo"), sites: list("site"), components: list("component"),
            groupBy: groupBy, priorityAt: priorityAt)
        try HelpdeskError.check(errors)
        return question
    }
}

/// One group of the builder's answer.
public struct BuilderRow: Sendable {
    /// The group's value per dimension, in the question's order ("(none)" for an empty field).
    public var group: [String]
    /// Tickets filed in the range.
    public var submitted: Int
    /// Working hours from filing to the first reaction of the unit the ticket was filed to.
    public var responseWorkingHours: Summary
    /// Tickets whose filed unit missed its response target for the priority at filing.
    public var violated: Int
    /// Calendar days from filing to the first solution, waiting included.
    public var solutionDays: Summary
    /// The same without the `waiting-for-reply` and `on-hold` stretches.
    public var solutionExcludingWaitingDays: Summary
    /// Tickets open now, and their age in days.
    public var open: Int
    public var openAgeDays: Summary
}

public struct BuilderAnswer: Sendable {
    public var question: BuilderQuestion
    public var computedAt: Date
    public var rows: [BuilderRow]
    public var total: BuilderRow
}

extension ReportOperations {
    /// The report builder: every ticket filed in the range that passes the filters (test
    /// tickets never do), grouped and measured.
    public func build(_ question: BuilderQuestion, for principal: Principal) async throws -> BuilderAnswer {
        try Self.checkMayRead(principal)
        let database = helpdesk.database
        let sql = database as! any SQLDatabase
        let now = helpdesk.clock.now()
        let units = try await SupportUnitModel.query(on: database).all()
        let unitsByID = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit) } })
        let facts = ReportSchema.ticketFacts, tickets = TicketModel.schema
        let select = sql.select()
        for (table, column) in BuilderFact.columns { select.column(SQLColumn(column, table: table)) }
        _ = select.from(facts)
            .join(SQLIdentifier(tickets), method: SQLJoinMethod.inner, on: SQLColumn("id", table: tickets), SQLBinaryOperator.equal,
                  SQLColumn("ticket_id", table: facts))
            .where(SQLColumn("filed_at", table: facts), .greaterThanOrEqual, SQLBind(question.range.from))
            .where(SQLColumn("filed_at", table: facts), .lessThan, SQLBind(question.range.to))
        func filter(_ column: String, table: String = tickets, _ values: [String]?) {
            guard let values else { return }
            select.where(SQLColumn(column, table: table), .in, SQLBind.group(values))
        }
        var unitFilter = question.units.map(Set.init)
        if let tiers = question.tiers {
            let ofTiers = Set(units.filter { tiers.contains($0.tier) }.compactMap(\.id))
            unitFilter = unitFilter.map { $0.intersection(ofTiers) } ?? ofTiers
        }
        if let unitFilter { select.where(SQLColumn("support_unit_id", table: tickets), .in, SQLBind.group(Array(unitFilter))) }
        filter("status", question.statuses?.map(\.rawValue))
        switch question.priorityAt {
        case .filing: filter("filed_priority", table: facts, question.priorities?.map(\.rawValue))
        case .current: filter("priority", question.priorities?.map(\.rawValue))
        }
        filter("type", question.types?.map(\.rawValue))
        filter("category", question.categories?.map(\.rawValue))
        filter("vo", question.vos)
        filter("affected_site", question.sites)
        filter("component", question.components)
        let rows = try await BuilderFact.read(select, on: sql)

        var calendars: [UUID: WorkingTimeIndex] = [:]
        var levels: [String: ServiceLevel] = [:]
        let months = question.range.calendar.periods(from: question.range.from, to: question.range.to, split: .month)
        let weeks = question.range.calendar.periods(from: question.range.from, to: question.range.to, split: .week)
        func label(_ periods: [ReportPeriod], _ instant: Date) -> String {
            var low = 0, high = periods.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if periods[middle].start <= instant { low = middle } else { high = middle - 1 }
            }
            return periods.isEmpty ? "" : periods[low].label
        }
        struct Measured { var responseHours: Double?; var violated: Bool; var solveDays: Double?; var solveExcludingDays: Double?; var openAgeDays: Double? }
        var groups: [[String]: [Measured]] = [:]
        for row in rows {
            let filedAt = row.filedAt, filedUnitID = row.filedUnitID
            let filedPriority = TicketPriority(rawValue: row.filedPriority) ?? .default
            let currentPriority = TicketPriority(rawValue: row.priority) ?? .default
            let status = TicketStatus(rawValue: row.status) ?? .new
            let reaction = row.firstReactionAt
            let solved = row.firstSolvedAt
            let filedUnit = unitsByID[filedUnitID]
            if calendars[filedUnitID] == nil, let filedUnit {
                // One index a unit, over the days from the range's start to now.
                calendars[filedUnitID] = WorkingTimeIndex(calendar: try await CalendarOperations.businessCalendar(of: filedUnit, on: database),
                                                          from: question.range.from, to: max(now, question.range.to))
                if levels[filedUnit.serviceLevel] == nil { levels[filedUnit.serviceLevel] = try await ResponseClocks.serviceLevel(of: filedUnit, on: database) }
            }
            let calendar = calendars[filedUnitID]
                ?? WorkingTimeIndex(calendar: .standard(timeZone: TimeZone(identifier: "UTC")!), from: filedAt, to: filedAt)
            var violated = false
            if let filedUnit, let target = levels[filedUnit.serviceLevel]?.target(for: filedPriority) {
                let deadline = calendar.deadline(from: filedAt, plus: target.seconds(workingDayLength: calendar.calendar.workingDayLength))
                violated = ResponseCompliance.judge(reactionAt: reaction, deadline: deadline, at: now) == .missed
            }
            let measured = Measured(
                responseHours: reaction.map { Double(calendar.workingTime(from: filedAt, to: $0)) / 3600 }, violated: violated,
                solveDays: solved.map { $0.timeIntervalSince(filedAt) / 86_400 },
                solveExcludingDays: row.solveSecondsExcludingWaiting.map { Double($0) / 86_400 },
                openAgeDays: status.isOpen ? now.timeIntervalSince(filedAt) / 86_400 : nil)
            let key: [String] = question.groupBy.map { dimension in
                switch dimension {
                case .unit: return unitsByID[row.supportUnitID]?.name ?? "?"
                case .priority: return (question.priorityAt == .filing ? filedPriority : currentPriority).rawValue
                case .month: return label(months, filedAt)
                case .week: return label(weeks, filedAt)
                case .vo: return row.vo.flatMap { $0.isEmpty ? nil : $0 } ?? "(none)"
                case .category: return row.category
                }
            }
            groups[key, default: []].append(measured)
        }
        func summarise(_ group: [String], _ items: [Measured]) -> BuilderRow {
            BuilderRow(group: group, submitted: items.count, responseWorkingHours: Summary(items.compactMap(\.responseHours)),
                       violated: items.count { $0.violated }, solutionDays: Summary(items.compactMap(\.solveDays)),
                       solutionExcludingWaitingDays: Summary(items.compactMap(\.solveExcludingDays)),
                       open: items.count { $0.openAgeDays != nil }, openAgeDays: Summary(items.compactMap(\.openAgeDays)))
        }
        let ordered = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }
        return BuilderAnswer(question: question, computedAt: now, rows: ordered.map { summarise($0, groups[$0]!) },
                             total: summarise([], groups.values.flatMap { $0 }))
    }
}
