import Foundation

/// One part of a MIME message (or the message itself): its headers, its body with the
/// transfer encoding undone, and its sub-parts when it is a multipart.
public struct MIMEPart: Sendable {
    /// Unfolded header fields in order, values as they came (see `EncodedWords` to decode).
    public var headers: [(name: String, value: String)]
    /// `type/subtype`, lower-cased; `text/plain` when absent (RFC 2045 §5.2).
    public var contentType: String
    /// Content-Type parameters with lower-cased names (charset, boundary, name).
    public var parameters: [String: String]
    /// The body, transfer encoding (base64, quoted-printable) undone.
    public var body: Data
    public var parts: [MIMEPart]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var isMultipart: Bool { contentType.hasPrefix("multipart/") }

    /// The body as text in its declared charset (UTF-8, ISO-8859-1/15, Windows-1252, ASCII).
    public var text: String { Charsets.decode(body, charset: parameters["charset"]) }

    /// The file name from Content-Disposition or the Content-Type `name`, decoded.
    public var filename: String? {
        let disposition = header("Content-Disposition").map(MIMEParser.parameters(of:))?.parameters ?? [:]
        guard let raw = disposition["filename"] ?? parameters["name"] else { return nil }
        return EncodedWords.decode(raw)
    }

    /// Attached rather than shown: an explicit attachment, or a part that is neither text nor multipart.
    public var isAttachment: Bool {
        if let disposition = header("Content-Disposition"), disposition.lowercased().hasPrefix("attachment") { return true }
        return !contentType.hasPrefix("text/") && !isMultipart && !contentType.hasPrefix("message/")
    }

    /// Every leaf part, depth first.
    public var leaves: [MIMEPart] { isMultipart ? parts.flatMap(\.leaves) : [self] }
}

/// A tolerant MIME parser (RFC 2045–2047, 5322): it never throws and never loops; what it cannot
/// read it keeps as plain bytes. Nesting, parts and header sizes are bounded.
public enum MIMEParser {
    public static let maxDepth = 12
    public static let maxParts = 500

    public static func parse(_ data: Data) -> MIMEPart {
        var budget = maxParts
        return parse(Array(data), depth: 0, budget: &budget)
    }

    /// The message's headers only (its Content-Type and parameters too); the body is not read.
    public static func parseHead(_ data: Data) -> MIMEPart {
        let bytes = Array(data)
        let (headerBytes, _) = split(bytes)
        let headers = parseHeaders(headerBytes)
        let typeField = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        var (type, parameters) = parameters(of: typeField)
        if !type.contains("/") { type = "text/plain" }
        return MIMEPart(headers: headers, contentType: type, parameters: parameters, body: Data(), parts: [])
    }

    private static func parse(_ bytes: [UInt8], depth: Int, budget: inout Int) -> MIMEPart {
        budget -= 1
        let (headerBytes, bodyBytes) = split(bytes)
        let headers = parseHeaders(headerBytes)
        let typeField = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        var (type, parameters) = parameters(of: typeField)
        if !type.contains("/") { type = "text/plain" }
        let encoding = headers.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased()
            .trimmingCharacters(in: .whitespaces) ?? "7bit"
        var part = MIMEPart(headers: headers, contentType: type, parameters: parameters, body: Data(), parts: [])
        if type.hasPrefix("multipart/"), let boundary = parameters["boundary"], !boundary.isEmpty, depth < maxDepth {
            for piece in splitMultipart(bodyBytes, boundary: boundary) {
                guard budget > 0 else { break }
                part.parts.append(parse(piece, depth: depth + 1, budget: &budget))
            }
            part.body = Data(bodyBytes)
            return part
        }
        switch encoding {
        case "base64": part.body = decodeBase64(bodyBytes)
        // Byte-wise, so that 8-bit bytes of a Latin-1 part survive.
        case "quoted-printable": part.body = decodeQuotedPrintableBytes(bodyBytes)
        default: part.body = Data(bodyBytes)
        }
        return part
    }

    /// Headers end at the first empty line (CRLF CRLF or LF LF).
    private static func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                let next = index + 1
                if next < bytes.count && bytes[next] == 10 { return (Array(bytes[..<index]), Array(bytes[(next + 1)...])) }
                if next + 1 < bytes.count && bytes[next] == 13 && bytes[next + 1] == 10 { return (Array(bytes[..<index]), Array(bytes[(next + 2)...])) }
            }
            index += 1
        }
        return (bytes, [])
    }

    static func parseHeaders(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        // Headers are ASCII; stray 8-bit bytes are read as Latin-1 so that nothing is lost.
        let head = Data(bytes.prefix(256 * 1024))
        let utf8 = String(decoding: head, as: UTF8.self)
        let text = (utf8.contains("\u{FFFD}") ? Charsets.decode(head, charset: "iso-8859-1") : utf8)
            .replacingOccurrences(of: "\u{0}", with: "")
        var fields: [(name: String, value: String)] = []
        for rawLine in text.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if let first = line.first, first == " " || first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { continue }
            fields.append((name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            if fields.count > 1000 { break }
        }
        return fields
    }

    /// "text/plain; charset=\"utf-8\"; format=flowed" → ("text/plain", ["charset": "utf-8", "format": "flowed"]).
    public static func parameters(of field: String) -> (value: String, parameters: [String: String]) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in field {
            if character == "\"" { quoted.toggle(); continue }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        let value = pieces.first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var parameterValue = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // RFC 2231 "filename*=utf-8''na%C3%AFve.txt" (single section only).
            if name.hasSuffix("*") {
                name.removeLast()
                let sections = parameterValue.components(separatedBy: "'")
                if sections.count >= 3 {
                    let bytes = percentDecoded(sections[2...].joined(separator: "'"))
                    parameterValue = Charsets.decode(bytes, charset: sections[0])
                }
            }
            parameters[name] = parameterValue
        }
        return (value, parameters)
    }

    private static func percentDecoded(_ text: String) -> Data {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == 37, let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(bytes: [high, low], encoding: .ascii) ?? "", radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return Data(bytes)
    }

    /// The parts between "--boundary" lines, up to "--boundary--".
    private static func splitMultipart(_ bytes: [UInt8], boundary: String) -> [[UInt8]] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [[UInt8]] = []
        var current: [UInt8]?
        var lineStart = 0
        func lineEnd(from start: Int) -> Int {
            var end = start
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            return end
        }
        while lineStart < bytes.count {
            let end = lineEnd(from: lineStart)
            var line = Array(bytes[lineStart..<end])
            if line.last == 13 { line.removeLast() }
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                if var finished = current {
                    // The line break before a delimiter belongs to the delimiter.
                    if finished.last == 10 { finished.removeLast() }
                    if finished.last == 13 { finished.removeLast() }
                    parts.append(finished)
                }
                if rest.starts(with: [45, 45]) { return parts }
                current = []
            } else if current != nil {
                current!.append(contentsOf: bytes[lineStart..<min(end + 1, bytes.count)])
            }
            lineStart = end + 1
        }
        if let current, !current.isEmpty { parts.append(current) }
        return parts
    }

    private static func decodeBase64(_ bytes: [UInt8]) -> Data {
        let clean = bytes.filter { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 47 }
        var text = String(decoding: clean, as: UTF8.self)
        // Trailing bits that make no whole byte are dropped, as mail clients do.
        if text.count % 4 == 1 { text.removeLast() }
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text) ?? Data()
    }

    private static func decodeQuotedPrintableBytes(_ bytes: [UInt8]) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 65...70: byte - 55
            case 97...102: byte - 87
            default: nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 61 {
                // Soft line break: "=" then optional spaces then CRLF or LF.
                var next = index + 1
                while next < bytes.count && (bytes[next] == 32 || bytes[next] == 9) { next += 1 }
                if next < bytes.count && bytes[next] == 13 && next + 1 < bytes.count && bytes[next + 1] == 10 { index = next + 2; continue }
                if next < bytes.count && bytes[next] == 10 { index = next + 1; continue }
                if index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return Data(output)
    }
}

/// RFC 2047 encoded words in headers: "=?ISO-8859-1?Q?Gr=FC=DFe?=" → "Grüße".
public enum EncodedWords {
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var rest = Substring(value)
        var lastWasWord = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let word = parseWord(afterStart) else {
                result += before + "=?"
                rest = afterStart
                lastWasWord = false
                continue
            }
            // Whitespace between two encoded words is not part of the text.
            if !(lastWasWord && before.allSatisfy(\.isWhitespace)) { result += before }
            result += word.text
            rest = word.rest
            lastWasWord = true
        }
        return result + rest
    }

    private static func parseWord(_ text: Substring) -> (text: String, rest: Substring)? {
        // An encoded word is at most 75 characters (RFC 2047 §2): looking further would make a
        // header full of unfinished "=?" quadratic.
        let pieces = text.prefix(200).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[0].count < 40, pieces[1].count == 1, pieces[3].hasPrefix("=") else { return nil }
        let charset = String(pieces[0].split(separator: "*").first ?? "")
        let encoded = pieces[2]
        guard !encoded.contains(" ") else { return nil }
        let bytes: Data
        switch pieces[1].uppercased() {
        case "B":
            var base64 = String(encoded)
            while base64.count % 4 != 0 { base64 += "=" }
            guard let data = Data(base64Encoded: base64) else { return nil }
            bytes = data
        case "Q":
            bytes = QuotedPrintable.decode(encoded.replacingOccurrences(of: "_", with: " "))
        default:
            return nil
        }
        return (Charsets.decode(bytes, charset: charset), text[pieces[3].startIndex...].dropFirst())
    }
}

/// The charsets mail arrives in. Unknown ones are read as UTF-8, with replacement characters
/// where bytes do not fit.
public enum Charsets {
    /// The text, without NUL characters: no database can store them, and no person writes them.
    public static func decode(_ data: Data, charset: String?) -> String {
        let text = decodeKeepingNUL(data, charset: charset)
        return text.unicodeScalars.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "") : text
    }

    private static func decodeKeepingNUL(_ data: Data, charset: String?) -> String {
        switch charset?.lowercased().trimmingCharacters(in: .whitespaces) ?? "utf-8" {
        case "iso-8859-1", "latin1", "iso8859-1", "l1":
            return String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
        case "iso-8859-15", "latin-9", "iso8859-15":
            return String(String.UnicodeScalarView(data.map { latin9[$0] ?? Unicode.Scalar($0) }))
        case "windows-1252", "cp1252":
            return String(String.UnicodeScalarView(data.map { windows1252[$0] ?? Unicode.Scalar($0) }))
        default:
            return String(decoding: data, as: UTF8.self)
        }
    }

    private static let latin9: [UInt8: Unicode.Scalar] = [
        0xA4: "\u{20AC}", 0xA6: "\u{0160}", 0xA8: "\u{0161}", 0xB4: "\u{017D}", 0xB8: "\u{017E}", 0xBC: "\u{0152}", 0xBD: "\u{0153}", 0xBE: "\u{0178}",
    ]

    private static let windows1252: [UInt8: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}", 0x87: "\u{2021}",
        0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}", 0x8E: "\u{017D}", 0x91: "\u{2018}",
        0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}",
        0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}", 0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]
}
