import Foundation

/// Working time: a time zone, a weekly pattern of working intervals, and holidays
/// (DESIGN.md §4). Deadlines and elapsed working time are computed in it, exact to the second,
/// across weekends, holidays and daylight-saving changes.
public struct BusinessCalendar: Sendable, Equatable {
    /// One working interval on a weekday, in seconds after local midnight.
    public struct Interval: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// "09:00" to "17:00".
        public init?(from: String, to: String) {
            guard let start = Self.seconds(from), let end = Self.seconds(to), start < end else { return nil }
            self.init(start: start, end: end)
        }

        static func seconds(_ text: String) -> Int? {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
                  (0...24).contains(hours), (0..<60).contains(minutes), hours * 3600 + minutes * 60 <= 86_400 else { return nil }
            return hours * 3600 + minutes * 60
        }
    }

    public enum Weekday: Int, CaseIterable, Sendable, Codable {
        // The numbering of Foundation's Calendar.
        case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday
    }

    public var timeZone: TimeZone { didSet { layout = nil } }
    /// Working intervals per weekday, sorted and not overlapping.
    public var week: [Weekday: [Interval]] { didSet { layout = nil } }
    public var holidays: [Holiday] { didSet { layout = nil } }
    /// How long one working day is, for durations given in working days.
    public var workingDayLength: Int { didSet { layout = nil } }

    /// The working time of a span of days laid out in advance (`laidOut(from:to:)`): deadlines
    /// and working time inside it are looked up instead of walked day by day through
    /// Foundation's calendar. Not part of the calendar's value; changing the calendar drops it.
    private var layout: Layout?

    private final class Layout: Sendable {
        let index: WorkingTimeIndex
        init(_ index: WorkingTimeIndex) { self.index = index }
    }

    public init(timeZone: TimeZone, week: [Weekday: [Interval]], holidays: [Holiday] = [], workingDayLength: Int? = nil) {
        self.timeZone = timeZone
        self.week = week.mapValues { $0.sorted { $0.start < $1.start } }
        self.holidays = holidays
        let longest = week.values.map { $0.reduce(0) { $0 + $1.end - $1.start } }.max() ?? 0
        self.workingDayLength = workingDayLength ?? (longest > 0 ? longest : 8 * 3600)
    }

    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        lhs.timeZone == rhs.timeZone && lhs.week == rhs.week && lhs.holidays == rhs.holidays && lhs.workingDayLength == rhs.workingDayLength
    }

    /// The same calendar with the working time of the local days from `start` to `end` laid
    /// out, for a process that asks for many deadlines near the same time (a ticket change asks
    /// for three to five). Answers are the same (`WorkingTimeIndex`); outside the span it walks.
    public func laidOut(from start: Date, to end: Date) -> BusinessCalendar {
        var plain = self
        plain.layout = nil
        var laid = plain
        laid.layout = Layout(WorkingTimeIndex(calendar: plain, from: start, to: end))
        return laid
    }

    /// Whether deadlines inside a span are looked up (`laidOut(from:to:)`).
    public var isLaidOut: Bool { layout != nil }

    /// Monday to Friday, 09:00–17:00, no holidays: the default of a unit without a calendar.
    public static func standard(timeZone: TimeZone) -> BusinessCalendar {
        let day = [Interval(start: 9 * 3600, end: 17 * 3600)]
        return BusinessCalendar(timeZone: timeZone, week: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day])
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public func isHoliday(_ date: LocalDate) -> Bool { holidays.contains { $0.contains(date) } }

    /// The working intervals of one local day as absolute instants (none on holidays).
    func workingIntervals(on day: Date, calendar: Calendar) -> [(start: Date, end: Date)] {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        guard let weekday = Weekday(rawValue: parts.weekday!), let intervals = week[weekday], !intervals.isEmpty,
              !isHoliday(LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)) else { return [] }
        return intervals.compactMap { interval in
            guard let start = localInstant(parts, seconds: interval.start, calendar: calendar),
                  let end = localInstant(parts, seconds: interval.end, calendar: calendar), start < end else { return nil }
            return (start, end)
        }
    }

    /// The instant of a local wall-clock time. A time that does not exist (spring forward) is
    /// moved on by the length of the gap (02:30 becomes 03:30), as java.time and Foundation do;
    /// a time that exists twice (fall back) is its first occurrence. 24:00 is the next midnight.
    private func localInstant(_ day: DateComponents, seconds: Int, calendar: Calendar) -> Date? {
        var components = DateComponents(year: day.year, month: day.month, day: day.day)
        if seconds >= 86_400 {
            guard let midnight = calendar.date(from: components) else { return nil }
            return calendar.date(byAdding: .day, value: 1, to: midnight).map { calendar.startOfDay(for: $0) }
        }
        components.hour = seconds / 3600
        components.minute = seconds % 3600 / 60
        components.second = seconds % 60
        return calendar.date(from: components)
    }

    /// Walks the working intervals from the local day of `start` onwards, clipped to start at
    /// `start`, until `body` says stop. At most `maxDays` days are visited.
    private func forEachInterval(from start: Date, maxDays: Int = 366 * horizonYears, _ body: (Date, Date) -> Bool) {
        let calendar = self.calendar
        var day = calendar.startOfDay(for: start)
        for _ in 0..<maxDays {
            for interval in workingIntervals(on: day, calendar: calendar) where interval.end > start {
                if !body(max(interval.start, start), interval.end) { return }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return }
            day = calendar.startOfDay(for: next)
        }
    }

    /// How far ahead deadlines and working time are counted.
    public static let horizonYears = 50

    /// The instant when `duration` seconds of working time have passed after `start`.
    /// Nil when the calendar has no working time at all.
    public func deadline(from start: Date, plus duration: Int) -> Date? {
        precondition(duration >= 0, "a negative working duration")
        if let layout { return layout.index.deadline(from: start, plus: duration) }
        let start = start.wholeSeconds
        if duration == 0 { return start }
        var remaining = duration
        var result: Date?
        forEachInterval(from: start) { from, to in
            let available = Int(to.timeIntervalSince(from).rounded())
            if available >= remaining {
                result = from.addingTimeInterval(Double(remaining))
                return false
            }
            remaining -= available
            return true
        }
        return result
    }

    /// Seconds of working time between two instants (zero when `end` is not after `start`).
    public func workingTime(from start: Date, to end: Date) -> Int {
        if let layout { return layout.index.workingTime(from: start, to: end) }
        let start = start.wholeSeconds
        let end = end.wholeSeconds
        guard end > start else { return 0 }
        var total = 0
        forEachInterval(from: start) { from, to in
            if from >= end { return false }
            total += Int(min(to, end).timeIntervalSince(from).rounded())
            return to < end
        }
        return total
    }
}

extension Date {
    /// The instant rounded down to a whole second, so that arithmetic is exact to the second.
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
