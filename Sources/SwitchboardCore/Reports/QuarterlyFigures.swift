import Foundation

/// The rows of the seed's Table 1 for one unit and one period (definitions 1–7).
public struct QuarterlyFigures: Sendable, Equatable {
    public var period: ReportPeriod
    /// Row 1: tickets whose first assignment to the unit lies in the period.
    public var assigned: Int
    /// Row 2: tickets whose first solution while the unit was responsible lies in the period.
    public var solved: Int
    /// Row 3: tickets whose first assignment from the unit to first line lies in the period.
    public var reassignedToFirstLine: Int
    /// Row 4: tickets whose first assignment from the unit to third line lies in the period.
    public var assignedToThirdLine: Int
    /// Row 6: row 2 / row 1; nil when nothing was assigned.
    public var shareSolved: Double? { assigned == 0 ? nil : Double(solved) / Double(assigned) }
    /// Row 5, in days of calendar time, waiting for the submitter included.
    public var timeToSolveDays: Summary
    /// Row 5 without the `waiting-for-reply` and `on-hold` stretches, in days.
    public var timeToSolveExcludingWaitingDays: Summary
    /// Row 5 in working days of the unit's calendar (when one is given).
    public var timeToSolveWorkingDays: Summary?
    /// Row 7, in minutes.
    public var timeToThirdLineMinutes: Summary
}

/// Computes Table 1 from unit facts. The facts of one unit may come from any number of
/// tickets; test tickets must already be left out.
public enum QuarterlyReport {
    /// The version of the definitions the figures follow (README, "Report definitions").
    public static let definitionsVersion = "1"

    public static let secondsPerDay = 86_400.0

    /// Which row of Table 1 a ticket list is asked for.
    public enum Row: String, Sendable, CaseIterable, Codable {
        case assigned
        case solved
        case reassignedToFirstLine = "reassigned-to-first-line"
        case assignedToThirdLine = "assigned-to-third-line"

        /// The instant at which a ticket enters this row, if it does.
        public func instant<Unit>(of facts: UnitFacts<Unit>) -> Date? {
            switch self {
            case .assigned: facts.firstAssignedAt
            case .solved: facts.firstSolvedAt
            case .reassignedToFirstLine: facts.firstToFirstLineAt
            case .assignedToThirdLine: facts.firstToThirdLineAt
            }
        }
    }

    /// The figures of each period; the periods must be sorted and must not overlap (as
    /// `ReportCalendar.periods` cuts them). `workingSeconds`, when given, measures working time in the
    /// unit's calendar between two instants, and `workingDayLength` how many seconds a working
    /// day has there.
    public static func figures<Unit>(
        of facts: [UnitFacts<Unit>], periods: [ReportPeriod],
        workingTime: ((Date, Date) -> Int)? = nil, workingDayLength: Int = 8 * 3600
    ) -> [QuarterlyFigures] {
        // Each fact goes to the period of each of its instants (binary search; periods are
        // sorted and disjoint), not every period through every fact.
        func period(of instant: Date) -> Int? {
            var low = 0, high = periods.count - 1
            while low <= high {
                let middle = (low + high) / 2
                if instant < periods[middle].start { high = middle - 1 } else if instant >= periods[middle].end { low = middle + 1 } else { return middle }
            }
            return nil
        }
        var assigned = Array(repeating: 0, count: periods.count), toFirstLine = assigned
        var solved = Array(repeating: [UnitFacts<Unit>](), count: periods.count), toThirdLine = solved
        for fact in facts {
            if let index = period(of: fact.firstAssignedAt) { assigned[index] += 1 }
            if let instant = fact.firstSolvedAt, let index = period(of: instant) { solved[index].append(fact) }
            if let instant = fact.firstToFirstLineAt, let index = period(of: instant) { toFirstLine[index] += 1 }
            if let instant = fact.firstToThirdLineAt, let index = period(of: instant) { toThirdLine[index].append(fact) }
        }
        return periods.indices.map { index in
            let solvedHere = solved[index]
            let working: Summary? = workingTime.map { measure in
                Summary(solvedHere.map { Double(measure($0.firstAssignedAt, $0.firstSolvedAt!)) / Double(workingDayLength) })
            }
            return QuarterlyFigures(
                period: periods[index],
                assigned: assigned[index],
                solved: solvedHere.count,
                reassignedToFirstLine: toFirstLine[index],
                assignedToThirdLine: toThirdLine[index].count,
                timeToSolveDays: Summary(solvedHere.map { Double($0.solveSeconds!) / secondsPerDay }),
                timeToSolveExcludingWaitingDays: Summary(solvedHere.map { Double($0.solveSecondsExcludingWaiting!) / secondsPerDay }),
                timeToSolveWorkingDays: working,
                timeToThirdLineMinutes: Summary(toThirdLine[index].map { Double($0.secondsToThirdLine!) / 60 }))
        }
    }
}
