import Foundation

/// The normalisations every free-text field goes through, with the answers Foundation gives,
/// but without Foundation's cost when there is nothing to do: a 1 KB description was trimmed,
/// searched for CR LF and counted character by character on every filing, which showed in the
/// writer's profile. Each function looks at the UTF-8 bytes first and asks Foundation only when
/// the text needs it.
public enum TextShape {
    /// `text` with its leading and trailing `CharacterSet.whitespacesAndNewlines` removed.
    public static func trimmed(_ text: String) -> String {
        let set = CharacterSet.whitespacesAndNewlines
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if !set.contains(first) && !set.contains(last) { return text }
        return text.trimmingCharacters(in: set)
    }

    /// `text` with every CR LF replaced by LF (browsers send CR LF line ends; text is kept with LF).
    public static func withLineFeeds(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Whether `text` has more than `limit` characters. A character takes at least one UTF-8
    /// byte, so text of at most `limit` bytes is never counted.
    public static func isLonger(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }
}
