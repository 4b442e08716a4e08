/// Working durations as people write them: "4h", "90m", "1wd", "2wd4h", "30s". Hours, minutes
/// and seconds are working time; "wd" is working days, each as long as the calendar's working
/// day. (A plain "d" is refused: it is unclear whether calendar or working days are meant.)
public enum WorkingDuration {
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "'\(text)' is not a working duration; write for example 4h, 90m, 1wd or 2wd4h (wd = working days)."
        }
    }

    /// Seconds of working time.
    public static func parse(_ text: String, workingDayLength: Int) throws(Invalid) -> Int {
        let parts = try parts(text)
        return parts.workingDays * workingDayLength + parts.seconds
    }

    /// The working days and the seconds of a duration, kept apart: a service level says "1wd"
    /// once, and each unit's calendar decides how long that day is.
    public static func parts(_ text: String) throws(Invalid) -> (workingDays: Int, seconds: Int) {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        guard !compact.isEmpty else { throw Invalid(text: text) }
        var days = 0
        var total = 0
        var number = ""
        var index = compact.startIndex
        while index < compact.endIndex {
            let character = compact[index]
            if character.isASCII && character.isNumber {
                number.append(character)
                index = compact.index(after: index)
                continue
            }
            var unit = String(character)
            let next = compact.index(after: index)
            if character == "w", next < compact.endIndex, compact[next] == "d" {
                unit = "wd"
                index = compact.index(after: next)
            } else {
                index = next
            }
            guard let value = Int(number), number.count <= 9 else { throw Invalid(text: text) }
            number = ""
            switch unit {
            case "wd": days += value
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: throw Invalid(text: text)
            }
        }
        guard number.isEmpty else { throw Invalid(text: text) }
        return (days, total)
    }

    /// "1wd 4h", "4h 30m", "0s": the largest units first.
    public static func format(_ seconds: Int, workingDayLength: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var parts: [String] = []
        for (size, unit) in [(workingDayLength, "wd"), (3600, "h"), (60, "m"), (1, "s")] where size > 0 && rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return parts.joined(separator: " ")
    }
}
