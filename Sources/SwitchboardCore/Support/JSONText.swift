import Foundation

/// JSON text written by hand for the few shapes the helpdesk stores many of (an event's changes,
/// a mail's headers): `JSONEncoder` costs tens of microseconds a value, more than the database's
/// work for the row. The text decodes with `JSONDecoder` to the same values.
public enum JSONText {
    /// A JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    public static func appendString(_ text: String, to out: inout String) {
        out += "\""
        // Most values need no escaping: append them whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// An array of arrays of strings: `[["a","b"],["c"]]`.
    public static func stringLists(_ lists: [[String]]) -> String {
        var out = "["
        for (index, list) in lists.enumerated() {
            out += index == 0 ? "[" : ",["
            for (position, text) in list.enumerated() {
                if position > 0 { out += "," }
                appendString(text, to: &out)
            }
            out += "]"
        }
        return out + "]"
    }
}
