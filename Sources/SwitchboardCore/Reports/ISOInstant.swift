import Foundation

/// ISO 8601 instants as the history format writes them (`2012-05-03T09:12:44Z`,
/// `2012-05-03T09:12:44.250+02:00`), read and written without Foundation's date formatters,
/// which cost tens of microseconds each and dominated the import of a million tickets. The
/// calendar arithmetic is Howard Hinnant's days-from-civil; the tests check it against
/// `ISO8601DateFormatter` on random instants.
public enum ISOInstant {
    /// `YYYY-MM-DDTHH:MM:SS`, optional `.` and 1–9 fraction digits, then `Z`, `±HH:MM` or `±HHMM`.
    public static func parse(_ text: String) -> Date? {
        var utf8 = Array(text.utf8)
        if utf8.count < 20 { return nil }
        if utf8[10] == UInt8(ascii: "t") { utf8[10] = UInt8(ascii: "T") }
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= utf8.count else { return nil }
            var value = 0
            for index in start..<(start + count) {
                let byte = utf8[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int, _ expected: Character) -> Bool { index < utf8.count && utf8[index] == expected.asciiValue! }
        guard let year = digits(0, 4), byte(4, "-"), let month = digits(5, 2), byte(7, "-"), let day = digits(8, 2), byte(10, "T"),
              let hour = digits(11, 2), byte(13, ":"), let minute = digits(14, 2), byte(16, ":"), let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59, second <= 59 else { return nil }
        var position = 19
        var fraction = 0.0
        if byte(position, ".") {
            position += 1
            var scale = 0.1
            let start = position
            while position < utf8.count, utf8[position] >= 48, utf8[position] <= 57 {
                fraction += Double(utf8[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > start, position - start <= 9 else { return nil }
        }
        var offset = 0
        if byte(position, "Z") || byte(position, "z") {
            position += 1
        } else if byte(position, "+") || byte(position, "-") {
            let sign = byte(position, "-") ? -1 : 1
            guard let hours = digits(position + 1, 2), hours <= 23 else { return nil }
            var minutesAt = position + 3
            if byte(minutesAt, ":") { minutesAt += 1 }
            guard let minutes = digits(minutesAt, 2), minutes <= 59 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
            position = minutesAt + 2
        } else {
            return nil
        }
        guard position == utf8.count else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// UTC with `Z`; with `milliseconds`, three fraction digits, else whole seconds (both
    /// rounded to the nearest, so that what `parse` read is written back the same).
    public static func format(_ instant: Date, milliseconds: Bool = false) -> String {
        let totalMilliseconds = milliseconds ? Int((instant.timeIntervalSince1970 * 1000).rounded())
            : Int(instant.timeIntervalSince1970.rounded()) * 1000
        let (seconds, millisecond) = totalMilliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, milli) = millisecond < 0 ? (seconds - 1, millisecond + 1000) : (seconds, millisecond)
        let (days, secondOfDay) = wholeSeconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let date = civilFromDays(day)
        var text = pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T"
            + pad(second / 3600, 2) + ":" + pad(second % 3600 / 60, 2) + ":" + pad(second % 60, 2)
        if milliseconds { text += "." + pad(milli, 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
