import Foundation

/// A calendar's working time over a span of days, laid out once so that the reports can ask
/// for many durations and deadlines without walking the calendar day by day each time: the
/// working intervals of every local day and the working seconds before each day. Answers are
/// exactly `BusinessCalendar.workingTime(from:to:)` and `deadline(from:plus:)`; outside the
/// span it asks the calendar itself.
public struct WorkingTimeIndex: Sendable {
    public let calendar: BusinessCalendar
    private let dayStarts: [Date]
    private let intervals: [[(start: Date, end: Date)]]
    /// Working seconds from the span's start to the start of each day (one more than days).
    private let before: [Int]

    /// The days from the one holding `start` to the one holding `end` (at most `maxDays`; a
    /// longer span is cut there and the rest asked of the calendar).
    public init(calendar: BusinessCalendar, from start: Date, to end: Date, maxDays: Int = 366 * 60) {
        self.calendar = calendar
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        var starts: [Date] = [], days: [[(start: Date, end: Date)]] = [], before = [0]
        var day = gregorian.startOfDay(for: start)
        while day <= end && starts.count < maxDays {
            let today = calendar.workingIntervals(on: day, calendar: gregorian)
            starts.append(day)
            days.append(today)
            before.append(before.last! + today.reduce(0) { $0 + Int($1.end.timeIntervalSince($1.start).rounded()) })
            guard let next = gregorian.date(byAdding: .day, value: 1, to: day) else { break }
            day = gregorian.startOfDay(for: next)
        }
        if let last = starts.last, let next = gregorian.date(byAdding: .day, value: 1, to: last) {
            starts.append(gregorian.startOfDay(for: next))
        }
        dayStarts = starts
        intervals = days
        self.before = before
    }

    /// The day holding `instant`, if the span does.
    private func day(of instant: Date) -> Int? {
        guard intervals.count > 0, instant >= dayStarts[0], instant < dayStarts[intervals.count] else { return nil }
        var low = 0, high = intervals.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if dayStarts[middle] <= instant { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Working seconds from the span's start to `instant` (whole seconds), if the span holds it.
    private func worked(until instant: Date) -> Int? {
        let instant = instant.wholeSeconds
        guard let index = day(of: instant) else { return nil }
        var total = before[index]
        for interval in intervals[index] where interval.start < instant {
            total += Int((min(interval.end, instant).timeIntervalSince(interval.start)).rounded())
        }
        return total
    }

    public func workingTime(from start: Date, to end: Date) -> Int {
        guard end.wholeSeconds > start.wholeSeconds else { return 0 }
        guard let from = worked(until: start), let to = worked(until: end) else { return calendar.workingTime(from: start, to: end) }
        return to - from
    }

    /// The instant when `duration` seconds of working time have passed after `start`.
    public func deadline(from start: Date, plus duration: Int) -> Date? {
        guard duration > 0, let from = worked(until: start) else { return calendar.deadline(from: start, plus: duration) }
        let wanted = from + duration
        // The first day whose end has reached the wanted amount.
        guard let last = before.last, wanted <= last else { return calendar.deadline(from: start, plus: duration) }
        var low = 0, high = intervals.count - 1
        while low < high {
            let middle = (low + high) / 2
            if before[middle + 1] >= wanted { high = middle } else { low = middle + 1 }
        }
        var total = before[low]
        for interval in intervals[low] {
            let length = Int(interval.end.timeIntervalSince(interval.start).rounded())
            if total + length >= wanted { return interval.start.addingTimeInterval(Double(wanted - total)) }
            total += length
        }
        return calendar.deadline(from: start, plus: duration)
    }
}
