import Foundation

// The text of a received mail, as the helpdesk keeps it: the reply without the earlier text it
// quotes, and plain text from an HTML-only message. Both run in time linear in the input:
// they see mail before anything is known about its sender, so a message crafted to make them
// slow (many quoted lines, many unclosed tags) must cost no more than its size.

/// Cuts the quoted earlier text off a reply, at the markers common mail clients write.
public enum QuoteCutter {
    public static func split(_ text: String) -> (reply: String, quoted: String?) {
        let lines = text.components(separatedBy: "\n")
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        // quotedFrom[i]: every line from i to the end is blank or quoted ("> ...").
        var quotedFrom = [Bool](repeating: true, count: lines.count + 1)
        for index in stride(from: lines.count - 1, through: 0, by: -1) {
            quotedFrom[index] = quotedFrom[index + 1] && (trimmed[index].isEmpty || trimmed[index].hasPrefix(">"))
        }
        for index in lines.indices.dropFirst() {
            let line = trimmed[index]
            let isHeaderMarker = isAttribution(line) || line.hasPrefix("-----Original Message-----")
                || line.hasPrefix("-------- Original Message --------") || line.hasPrefix("________________________________")
                || (line.hasPrefix("From:") && lines[(index + 1)...].prefix(4).contains { $0.hasPrefix("Sent:") || $0.hasPrefix("Date:") })
            let restIsQuote = line.hasPrefix(">") && quotedFrom[index]
            if isHeaderMarker || restIsQuote {
                let reply = lines[..<index].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reply.isEmpty else { break }
                return (reply, lines[index...].joined(separator: "\n"))
            }
        }
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), nil)
    }

    /// "On Mon, 21 Sep 2026 at 14:13, Switchboard <…> wrote:", "Am … schrieb …:", "Le … a écrit :".
    private static func isAttribution(_ line: String) -> Bool {
        guard line.count < 1000 else { return false }
        let lower = line.lowercased()
        return (lower.hasPrefix("on ") && lower.hasSuffix("wrote:")) || (lower.hasPrefix("am ") && lower.hasSuffix("schrieb:"))
            || (lower.hasPrefix("le ") && (lower.hasSuffix("a écrit :") || lower.hasSuffix("a écrit:")))
    }
}

/// Text from an HTML-only message: tags dropped (and with them scripts, styles and the head),
/// line breaks kept at <br> and the ends of blocks, quotes marked with "> ", entities decoded.
/// One pass over the bytes; a search that failed once (no closing ">" or "</script") is not
/// repeated, so unclosed tags cost nothing extra.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var noTagEndAfter = Int.max
        var noClosingTag: Set<String> = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                guard index < noTagEndAfter, let end = find(UInt8(ascii: ">"), in: bytes, from: index + 1) else {
                    // No tag can close any more: the rest is text.
                    noTagEndAfter = index
                    output.append(byte)
                    index += 1
                    continue
                }
                let (name, isClosing) = tagName(bytes, from: index + 1, to: end)
                index = end + 1
                if !isClosing, ["script", "style", "head"].contains(name), !noClosingTag.contains(name) {
                    if let close = findClosingTag(name, in: bytes, from: index), let closeEnd = find(UInt8(ascii: ">"), in: bytes, from: close) {
                        index = closeEnd + 1
                    } else {
                        noClosingTag.insert(name)
                    }
                    continue
                }
                if name == "br" || (isClosing && Self.blockEnds.contains(name)) {
                    output.append(UInt8(ascii: "\n"))
                } else if name == "blockquote" && !isClosing {
                    output.append(contentsOf: Array("\n> ".utf8))
                }
            } else if byte == UInt8(ascii: "&"), let (replacement, length) = entity(bytes, at: index) {
                output.append(contentsOf: replacement)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
        return tidy(String(decoding: output, as: UTF8.self))
    }

    /// Elements whose end is a line break.
    private static let blockEnds: Set<String> = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"]

    private static func find(_ byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes[start...].firstIndex(of: byte)
    }

    /// The lower-cased element name of the tag between `start` and `end`, and whether it is a closing tag.
    private static func tagName(_ bytes: [UInt8], from start: Int, to end: Int) -> (String, Bool) {
        var index = start
        let isClosing = index < end && bytes[index] == UInt8(ascii: "/")
        if isClosing { index += 1 }
        var name: [UInt8] = []
        while index < end, name.count < 20 {
            let byte = bytes[index] | 0x20  // ASCII lower case
            guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) else { break }
            name.append(bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") ? bytes[index] : byte)
            index += 1
        }
        return (String(decoding: name, as: UTF8.self), isClosing)
    }

    /// The position of "</name" (any case) at or after `start`.
    private static func findClosingTag(_ name: String, in bytes: [UInt8], from start: Int) -> Int? {
        let needle = Array("</\(name)".utf8)
        var index = start
        while index + needle.count <= bytes.count {
            guard let open = find(UInt8(ascii: "<"), in: bytes, from: index), open + needle.count <= bytes.count else { return nil }
            if zip(needle.indices, needle).allSatisfy({ offset, expected in (bytes[open + offset] | (offset > 1 ? 0x20 : 0)) == expected }) {
                return open
            }
            index = open + 1
        }
        return nil
    }

    private static let entities: [(String, String)] = [
        ("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&amp;", "&"),
    ]

    private static func entity(_ bytes: [UInt8], at index: Int) -> ([UInt8], Int)? {
        for (name, character) in entities {
            let pattern = Array(name.utf8)
            if index + pattern.count <= bytes.count, Array(bytes[index..<(index + pattern.count)]) == pattern {
                return (Array(character.utf8), pattern.count)
            }
        }
        return nil
    }

    /// Spaces before line ends dropped, at most one empty line in a row, no blank start or end.
    private static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blankRun = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            blankRun = line.isEmpty ? blankRun + 1 : 0
            if blankRun <= 1 { lines.append(line) }
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
