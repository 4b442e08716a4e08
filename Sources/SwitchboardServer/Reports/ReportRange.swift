import Foundation
import SwitchboardCore

/// What a report is asked for: a range, the reporting zone it is cut in, and how. Parsed the
/// same way from the API's and the web page's query parameters.
public struct ReportRange: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var calendar: ReportCalendar
    public var split: ReportSplit

    /// The zone as asked for ("UTC" by default; Foundation may call it "GMT").
    public var zone: String

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.zone == rhs.zone && lhs.split == rhs.split
    }

    public var periods: [ReportPeriod] { calendar.periods(from: from, to: to, split: split) }

    /// The longest range a report covers, and the most periods it is cut into.
    public static let maxYears = 50
    public static let maxPeriods = 2_700

    /// `from`/`to` are dates (midnight in the zone) or instants with an offset; `zone` an IANA
    /// name (default UTC); `split` quarter (default), month, week or none. Without `from` and
    /// `to` the range is the twelve months before the current one's end.
    public static func parse(from: String?, to: String?, zone: String?, split: String?, defaultSplit: ReportSplit = .quarter,
                             now: Date) throws(HelpdeskError) -> ReportRange {
        var errors = FieldErrors()
        var timeZone = TimeZone(identifier: "UTC")!
        var zoneName = "UTC"
        if let zone = present(zone) {
            if let known = TimeZone(identifier: zone) { timeZone = known; zoneName = zone } else {
                errors.add("zone", "'\(zone)' is not a known time zone; use an IANA name like Europe/Amsterdam.")
            }
        }
        let calendar = ReportCalendar(timeZone: timeZone)
        var cut = defaultSplit
        if let split = present(split) {
            if let known = ReportSplit(rawValue: split) { cut = known } else {
                errors.add("split", "split is one of: \(ReportSplit.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        func instant(_ text: String?, field: String) -> Date? {
            guard let text = present(text) else { return nil }
            if let date = LocalDate(text), text.count == 10, let midnight = calendar.midnight(of: date) { return midnight }
            if let instant = ISO8601.parseInstant(text) { return instant }
            errors.add(field, "'\(text)' is neither a date (2012-05-01) nor an instant with an offset (2012-05-01T00:00:00Z).")
            return nil
        }
        let today = calendar.localDate(of: now)
        let nextMonth = LocalDate(year: today.month == 12 ? today.year + 1 : today.year, month: today.month % 12 + 1, day: 1)
        let defaultTo = calendar.midnight(of: nextMonth)!
        let start = instant(from, field: "from"), end = instant(to, field: "to")
        let resolvedTo = end ?? (start.map { calendar.adding(months: 12, to: $0) } ?? defaultTo)
        let resolvedFrom = start ?? calendar.adding(months: -12, to: resolvedTo)
        if errors.isEmpty {
            if resolvedTo <= resolvedFrom { errors.add("to", "'to' must be later than 'from'.") }
            else if resolvedTo.timeIntervalSince(resolvedFrom) > Double(maxYears) * 366 * 86_400 {
                errors.add("to", "A report covers at most \(maxYears) years.")
            }
        }
        try HelpdeskError.check(errors)
        let range = ReportRange(from: resolvedFrom, to: resolvedTo, calendar: calendar, split: cut, zone: zoneName)
        if cut == .week && range.to.timeIntervalSince(range.from) > Double(maxPeriods) * 7 * 86_400 {
            throw .invalid("split", "Weekly figures cover at most \(maxPeriods) weeks; choose a shorter range or split by month.")
        }
        return range
    }

    private static func present(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
