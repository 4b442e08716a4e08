/// Reads holidays from an iCalendar file (RFC 5545) of all-day events, the format public
/// holiday feeds use: each VEVENT's DTSTART (and DTEND, exclusive) with VALUE=DATE, and its
/// SUMMARY as the name. Events with a time of day are refused: a holiday is whole days.
public enum ICalendarHolidays {
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func parse(_ text: String) throws(Invalid) -> [Holiday] {
        // Unfold continuation lines (a line starting with a space or tab continues the previous one).
        var lines: [(number: Int, text: String)] = []
        for (offset, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if (raw.hasPrefix(" ") || raw.hasPrefix("\t")), !lines.isEmpty {
                lines[lines.count - 1].text += raw.dropFirst()
            } else {
                lines.append((offset + 1, String(raw)))
            }
        }
        var holidays: [Holiday] = []
        var inEvent = false
        var eventLine = 0
        var start: LocalDate?
        var end: LocalDate?
        var summary = ""
        var sawCalendar = false
        for (number, line) in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw Invalid(line: number, reason: "not a property line") }
            let head = line[..<colon].uppercased()
            let value = String(line[line.index(after: colon)...])
            let name = head.split(separator: ";").first.map(String.init) ?? ""
            switch name {
            case "BEGIN" where value.uppercased() == "VCALENDAR":
                sawCalendar = true
            case "BEGIN" where value.uppercased() == "VEVENT":
                inEvent = true
                eventLine = number
                start = nil
                end = nil
                summary = ""
            case "END" where value.uppercased() == "VEVENT":
                guard inEvent, let first = start else { throw Invalid(line: eventLine, reason: "an event without DTSTART") }
                var last = first
                if let end {
                    guard let dayBefore = end.previousDay, end > first else {
                        throw Invalid(line: eventLine, reason: "DTEND is not after DTSTART")
                    }
                    last = dayBefore
                }
                holidays.append(Holiday(from: first, through: last, name: summary))
                inEvent = false
            case "DTSTART" where inEvent, "DTEND" where inEvent:
                guard value.count == 8, let date = LocalDate(value) else {
                    throw Invalid(line: number, reason: "\(name) must be a date (VALUE=DATE, YYYYMMDD); events with a time of day are not holidays")
                }
                if name == "DTSTART" { start = date } else { end = date }
            case "SUMMARY" where inEvent:
                summary = unescape(value)
            default:
                break
            }
        }
        guard sawCalendar else { throw Invalid(line: 1, reason: "not an iCalendar file (no BEGIN:VCALENDAR)") }
        if inEvent { throw Invalid(line: eventLine, reason: "an event without END:VEVENT") }
        return holidays
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: " ").replacingOccurrences(of: "\\N", with: " ")
            .replacingOccurrences(of: "\\,", with: ",").replacingOccurrences(of: "\\;", with: ";")
            .replacingOccurrences(of: "\\\\", with: "\\")
    }
}

extension LocalDate {
    var previousDay: LocalDate? {
        if day > 1 { return LocalDate(year: year, month: month, day: day - 1) }
        let month = self.month == 1 ? 12 : self.month - 1
        let year = self.month == 1 ? self.year - 1 : self.year
        for last in stride(from: 31, through: 28, by: -1) {
            let candidate = LocalDate(year: year, month: month, day: last)
            if candidate.isValid { return candidate }
        }
        return nil
    }
}
