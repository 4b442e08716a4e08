import Foundation

/// An outgoing mail as RFC 5322 and MIME want it: headers folded and encoded (RFC 2047 for
/// anything beyond ASCII), a UTF-8 text body in quoted-printable, and an optional HTML
/// alternative. `render()` gives the bytes an SMTP server receives after DATA (before
/// dot-stuffing, which is the SMTP client's business).
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String?
    /// Further headers in order (Message-ID, In-Reply-To, References, Auto-Submitted, …).
    public var headers: [(name: String, value: String)]

    public init(from: String, to: [String], subject: String, text: String, html: String? = nil, headers: [(name: String, value: String)] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.text == rhs.text && lhs.html == rhs.html
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// The message, lines ended by CRLF. `date` is written as the Date header.
    public func render(date: Date, boundary: String = "=_switchboard_alternative") -> String {
        var lines: [String] = []
        func header(_ name: String, _ value: String) { lines.append(MailHeader.fold("\(name): \(value)")) }
        header("Date", MailHeader.date(date))
        header("From", from)
        header("To", to.joined(separator: ", "))
        header("Subject", MailHeader.encodeWords(subject))
        for (name, value) in headers { header(name, MailHeader.sanitise(value)) }
        header("MIME-Version", "1.0")
        if let html {
            header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a message in MIME format.")
            lines.append("--\(boundary)")
            lines += part(text, type: "text/plain")
            lines.append("--\(boundary)")
            lines += part(html, type: "text/html")
            lines.append("--\(boundary)--")
        } else {
            // A single part: its Content-Type and encoding are the message's own headers.
            lines += part(text, type: "text/plain")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func part(_ body: String, type: String) -> [String] {
        ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", ""]
            + QuotedPrintable.encode(body).components(separatedBy: "\r\n")
    }
}

/// Header values: RFC 2047 encoded words, folding, and the RFC 5322 date.
public enum MailHeader {
    /// ASCII text is kept; anything else becomes `=?utf-8?B?…?=` words of at most 75 characters.
    public static func encodeWords(_ text: String) -> String {
        let clean = sanitise(text)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) { return clean }
        var words: [String] = []
        var chunk = ""
        for character in clean {
            let candidate = chunk + String(character)
            // 45 bytes of UTF-8 make 60 characters of base64: the word stays under 75.
            if candidate.utf8.count > 45 {
                words.append(chunk)
                chunk = String(character)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: " ")
    }

    /// No line breaks or other control characters inside a header value (header injection).
    public static func sanitise(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// Breaks a header line at spaces so that lines stay under 78 characters where possible.
    public static func fold(_ line: String) -> String {
        guard line.count > 78 else { return line }
        var result: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 78 {
                result.append(current)
                current = " " + word
            } else {
                current = current.isEmpty ? String(word) : current + " " + word
            }
        }
        result.append(current)
        return result.joined(separator: "\r\n")
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Mon, 21 Sep 2026 14:13:20 +0000".
    public static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", days[p.weekday! - 1], p.day!, months[p.month! - 1], p.year!, p.hour!, p.minute!, p.second!)
    }
}

/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: lines of at most 76 characters, soft
/// breaks, CRLF line ends, trailing spaces protected.
public enum QuotedPrintable {
    public static func encode(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalised.components(separatedBy: "\n").map(encodeLine).joined(separator: "\r\n")
    }

    private static func encodeLine(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var tokens: [String] = []
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let printable = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
            tokens.append(printable ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte))
        }
        var lines: [String] = []
        var current = ""
        for token in tokens {
            if current.count + token.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            current += token
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// The text back from quoted-printable (for tests and for the mail gate).
    public static func decode(_ text: String) -> Data {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 61, index + 2 < input.count, let value = UInt8(String(bytes: input[(index + 1)...(index + 2)], encoding: .ascii) ?? "", radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return Data(bytes)
    }
}
