import Foundation
import SwitchboardCore

/// A strict reader of `multipart/form-data` request bodies (RFC 7578 on RFC 2046's framing).
///
/// It exists because the multipart parser that ships with Vapor traps on some malformed input
/// (an 8-bit byte in a part's header name, an empty boundary), which would let any client stop
/// the server. Every form body is read here first; only what this reader accepts, written out
/// again in canonical form, reaches the framework's decoder. It never traps: whatever it
/// cannot read is a `FormDataBody.Malformed` with a reason a client can act on.
public struct FormDataBody: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        /// Header fields in order; names are RFC 7230 tokens, values have no control characters.
        public var headers: [Header]
        public var body: Data

        /// The `name` parameter of Content-Disposition.
        public var name: String
        /// The `filename` parameter of Content-Disposition, when the part is a file.
        public var filename: String?

        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static let maxParts = 1000
    public static let maxHeaderBytesPerPart = 16 * 1024

    public var parts: [Part]

    /// RFC 2046 §5.1.1: 1–70 characters from a small set, not ending in a space.
    public static func isValidBoundary(_ boundary: String) -> Bool {
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
        return (1...70).contains(boundary.count) && boundary.allSatisfy(allowed.contains) && boundary.last != " "
    }

    /// Reads a body whose Content-Type carried `boundary`.
    public static func parse(_ data: Data, boundary: String) throws(Malformed) -> FormDataBody {
        try parse([UInt8](data), boundary: boundary)
    }

    public static func parse(_ bytes: [UInt8], boundary: String) throws(Malformed) -> FormDataBody {
        guard isValidBoundary(boundary) else {
            throw Malformed(description: "The multipart boundary is missing or invalid (1–70 letters, digits or '()+_,-./:=? ).")
        }
        let delimiter = Array("--\(boundary)".utf8)
        let lineBreakDelimiter = [13, 10] + delimiter

        // The first delimiter starts the body or a line of the preamble.
        var position: Int
        if bytes.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = firstIndex(of: lineBreakDelimiter, in: bytes, from: 0) {
            position = found + lineBreakDelimiter.count
        } else {
            throw Malformed(description: "The multipart body has no part: its boundary never occurs.")
        }

        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the body; otherwise optional padding and a line break.
            if bytes[position...].starts(with: [45, 45]) { break }
            while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 { position += 1 }
            guard bytes[position...].starts(with: [13, 10]) else {
                throw Malformed(description: "A multipart boundary line is not followed by a line break.")
            }
            position += 2
            guard parts.count < maxParts else {
                throw Malformed(description: "The multipart body has more than \(maxParts) parts.")
            }

            // The part runs to the next delimiter; its headers end in an empty line before it.
            guard let bodyEnd = firstIndex(of: lineBreakDelimiter, in: bytes, from: position - 2) else {
                throw Malformed(description: "The multipart body ends before its closing boundary.")
            }
            if bytes[position...].starts(with: [13, 10]) {
                throw Malformed(description: "Every part needs a Content-Disposition: form-data header.")
            }
            guard let headerEnd = firstIndex(of: [13, 10, 13, 10], in: bytes, from: position, within: maxHeaderBytesPerPart + 4),
                  headerEnd + 4 <= bodyEnd else {
                throw Malformed(description: "A part's headers do not end in an empty line within \(maxHeaderBytesPerPart) bytes.")
            }
            let headers = try parseHeaders(Array(bytes[position..<headerEnd]))
            parts.append(try part(headers: headers, body: Data(bytes[(headerEnd + 4)..<bodyEnd])))
            position = bodyEnd + lineBreakDelimiter.count
        }
        return FormDataBody(parts: parts)
    }

    private static func part(headers: [Header], body: Data) throws(Malformed) -> Part {
        guard let disposition = headers.first(where: { $0.name.lowercased() == "content-disposition" })?.value else {
            throw Malformed(description: "Every part needs a Content-Disposition: form-data header.")
        }
        let (kind, parameters) = MIMEParser.parameters(of: disposition)
        guard kind == "form-data" else {
            throw Malformed(description: "A part's Content-Disposition is '\(kind)', not form-data.")
        }
        guard let name = parameters["name"], !name.isEmpty else {
            throw Malformed(description: "Every part's Content-Disposition needs a non-empty name.")
        }
        return Part(headers: headers, body: body, name: name, filename: parameters["filename"])
    }

    private static func parseHeaders(_ bytes: [UInt8]) throws(Malformed) -> [Header] {
        var headers: [Header] = []
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = firstIndex(of: [13, 10], in: bytes, from: lineStart) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            guard let colon = line.firstIndex(of: 58), colon > line.startIndex else {
                throw Malformed(description: "A part's header line has no field name.")
            }
            let nameBytes = line[line.startIndex..<colon]
            guard nameBytes.allSatisfy(isTokenCharacter) else {
                throw Malformed(description: "A part's header field name has characters a field name cannot have.")
            }
            let valueBytes = line[(colon + 1)...]
            guard !valueBytes.contains(where: { ($0 < 32 && $0 != 9) || $0 == 127 }) else {
                throw Malformed(description: "A part's header value has control characters.")
            }
            let value = String(decoding: valueBytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            headers.append(Header(name: String(decoding: nameBytes, as: UTF8.self), value: value))
            lineStart = lineEnd + 2
        }
        return headers
    }

    /// RFC 7230 tchar.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int, within: Int = .max) -> Int? {
        ByteSearch.firstIndex(of: needle, in: bytes, from: start, within: within)
    }
}
