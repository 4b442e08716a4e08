import Foundation

/// A calendar date without a time or a zone, as holidays are written ("2026-12-25").
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "YYYY-MM-DD" or "YYYYMMDD"; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let digits = text.replacingOccurrences(of: "-", with: "")
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
        let date = LocalDate(year: number / 10_000, month: number / 100 % 100, day: number % 100)
        guard date.isValid else { return nil }
        self = date
    }

    var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let first = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let days = calendar.range(of: .day, in: .month, for: first) else { return false }
        return days.contains(day)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Holidays: single days or ranges of days (both ends included), with a name.
public struct Holiday: Hashable, Sendable, Codable {
    public var first: LocalDate
    public var last: LocalDate
    public var name: String

    public init(_ date: LocalDate, name: String = "") {
        self.init(from: date, through: date, name: name)
    }

    public init(from first: LocalDate, through last: LocalDate, name: String = "") {
        self.first = min(first, last)
        self.last = max(first, last)
        self.name = name
    }

    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }
}
