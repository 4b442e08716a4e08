import Foundation

/// Definition 8: tickets open at an instant T whose responsible unit at T is a third-line unit
/// and whose latest assignment to that unit is older than T minus a number of calendar months.
public struct ThirdLineBacklog<Unit: Hashable & Sendable>: Sendable, Equatable {
    /// The age bands of the latest assignment, in calendar months before T.
    public enum AgeBand: String, CaseIterable, Sendable, Codable {
        case twoToThree = "2-3 months"
        case threeToSix = "3-6 months"
        case sixToTwelve = "6-12 months"
        case overTwelve = "over 12 months"
    }

    public var at: Date
    public var tickets: [OpenSpan<Unit>]
    public var perUnit: [Unit: Int]
    public var byAge: [AgeBand: Int]

    public var total: Int { tickets.count }

    /// Counts the spans that contain `at`, belong to a third-line unit, and whose assignment is
    /// before `at` minus `olderThanMonths` months (counted in `calendar`'s zone). The bands are
    /// measured from the same instant: `[12 months, ∞)`, `[6, 12)`, `[3, 6)` and the rest, so
    /// with the default of two months the first band is 2–3 months.
    public init(spans: [OpenSpan<Unit>], at: Date, olderThanMonths: Int = 2, calendar: ReportCalendar = .utc,
                isThirdLine: (Unit) -> Bool) {
        let months = { (count: Int) in calendar.calendar.date(byAdding: .month, value: -count, to: at)! }
        let cutoff = months(olderThanMonths)
        let three = months(3), six = months(6), twelve = months(12)
        self.at = at
        tickets = spans.filter { $0.contains(at) && isThirdLine($0.unit) && $0.assignedAt < cutoff }
            .sorted { ($0.assignedAt, $0.ticketID) < ($1.assignedAt, $1.ticketID) }
        var perUnit: [Unit: Int] = [:]
        var byAge = Dictionary(uniqueKeysWithValues: AgeBand.allCases.map { ($0, 0) })
        for span in tickets {
            perUnit[span.unit, default: 0] += 1
            let band: AgeBand = span.assignedAt <= twelve ? .overTwelve : span.assignedAt <= six ? .sixToTwelve
                : span.assignedAt <= three ? .threeToSix : .twoToThree
            byAge[band, default: 0] += 1
        }
        self.perUnit = perUnit
        self.byAge = byAge
    }
}
