import Foundation

/// A stretch of time a report counts in: half-open, `[start, end)`, with a label.
public struct ReportPeriod: Sendable, Equatable, Codable {
    public var start: Date
    public var end: Date
    public var label: String

    public init(start: Date, end: Date, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }

    public func contains(_ instant: Date) -> Bool { start <= instant && instant < end }
}

/// How a report range is cut into periods.
public enum ReportSplit: String, Sendable, CaseIterable, Codable {
    /// Three-month blocks from the start of the range (project quarters may start in any month).
    case quarter
    /// Calendar months.
    case month
    /// ISO weeks, Monday 00:00.
    case week
    /// The whole range as one period.
    case none
}

/// Cuts a range into periods in a reporting time zone. Every period is clipped to the range, so
/// the periods are disjoint, cover the range exactly, and counts over them add up to the
/// range's count.
public struct ReportCalendar: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    public static let utc = ReportCalendar(timeZone: TimeZone(identifier: "UTC")!)

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        return calendar
    }

    /// Midnight at the start of a date in the reporting zone.
    public func midnight(of date: LocalDate) -> Date? {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
    }

    /// The date of an instant in the reporting zone.
    public func localDate(of instant: Date) -> LocalDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The same wall-clock time some calendar months later (or earlier, when negative).
    public func adding(months: Int, to instant: Date) -> Date {
        calendar.date(byAdding: .month, value: months, to: instant)!
    }

    /// The periods of `[start, end)` cut by `split`. Empty when the range is empty.
    public func periods(from start: Date, to end: Date, split: ReportSplit) -> [ReportPeriod] {
        guard start < end else { return [] }
        switch split {
        case .none:
            return [ReportPeriod(start: start, end: end, label: "\(stamp(start)) – \(stamp(end))")]
        case .quarter:
            return stepped(from: start, to: end, first: start) { boundary, index in
                calendar.date(byAdding: .month, value: 3 * (index + 1), to: boundary)
            } label: { from, to in
                let last = calendar.date(byAdding: .second, value: -1, to: to)!
                return "\(monthLabel(from)) – \(monthLabel(last))"
            }
        case .month:
            let first = calendar.date(from: calendar.dateComponents([.year, .month], from: start))!
            return stepped(from: start, to: end, first: first) { boundary, index in
                calendar.date(byAdding: .month, value: index + 1, to: boundary)
            } label: { from, _ in monthLabel(from) }
        case .week:
            let first = calendar.date(from: calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: start))!
            return stepped(from: start, to: end, first: first) { boundary, index in
                calendar.date(byAdding: .day, value: 7 * (index + 1), to: boundary)
            } label: { from, _ in
                let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: from)
                return String(format: "%04d-W%02d", parts.yearForWeekOfYear!, parts.weekOfYear!)
            }
        }
    }

    /// Boundaries counted from `first` (added to it, not to the previous boundary, so month
    /// ends do not drift), each period clipped to the range.
    private func stepped(
        from start: Date, to end: Date, first: Date, next: (Date, Int) -> Date?, label: (Date, Date) -> String
    ) -> [ReportPeriod] {
        var periods: [ReportPeriod] = []
        var lower = first
        var index = 0
        while lower < end, let upper = next(first, index) {
            if upper > start {
                let clippedStart = max(lower, start), clippedEnd = min(upper, end)
                periods.append(ReportPeriod(start: clippedStart, end: clippedEnd, label: label(lower, upper)))
            }
            lower = upper
            index += 1
        }
        return periods
    }

    private func monthLabel(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: instant)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    /// A date when the instant is a midnight in the zone, else the date and time.
    private func stamp(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let date = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        if parts.hour == 0 && parts.minute == 0 && parts.second == 0 { return date }
        return date + String(format: " %02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
    }
}
