/// Text from the database made safe to print on a terminal: control characters (which can
/// move the cursor, rewrite earlier lines or set the window title) and the bidirectional
/// overrides that reorder what is shown are written out visibly, as `\u{1B}`. Line breaks and
/// tabs stay unless `singleLine` is asked for.
public enum TerminalText {
    public static func escaped(_ text: String, singleLine: Bool = false) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let kept = !singleLine && (scalar == "\n" || scalar == "\t")
            let isControl = value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
            let isBidiOverride = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            if (isControl && !kept) || isBidiOverride {
                result += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
