import Foundation

/// ISO 8601 instants with or without fractional seconds, and plain dates (midnight UTC).
enum ISO8601 {
    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}

extension ISO8601 {
    /// An instant with a time and an offset (or Z); plain dates are refused, since a date alone
    /// does not say in which zone it starts.
    static func parseInstant(_ text: String) -> Date? {
        guard text.contains("T") else { return nil }
        // A "+" in a query string arrives as a space when the client did not encode it.
        return parse(text.replacingOccurrences(of: " ", with: "+"))
    }

    /// "2026-10-05T10:30:00Z".
    static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
