import Foundation

/// A received mail as the helpdesk reads it: who sent it, which ticket it may belong to, the
/// new text (the quoted earlier text cut off), the attachments, and whether it is automatic.
public struct InboundMail: Sendable {
    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var data: Data
    }

    /// Lower-cased bare address of From.
    public var from: String
    public var fromName: String?
    public var subject: String
    public var messageID: String?
    /// Message-IDs of In-Reply-To and References.
    public var references: [String]
    public var text: String
    /// The earlier text the reply quoted, cut off from `text`.
    public var quoted: String?
    public var attachments: [Attachment]
    /// Why the message is an auto-reply, a bounce or bulk mail, which is never answered.
    public var automaticReason: String?

    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case noSender
        public var description: String { "The message has no usable From address." }
    }

    public static func read(_ data: Data, envelopeSender: String? = nil) -> Result<InboundMail, Invalid> {
        let message = MIMEParser.parse(data)
        let fromField = EncodedWords.decode(message.header("From") ?? "")
        let address = bareAddress(fromField).lowercased()
        guard EmailAddress.isPlausible(address) else { return .failure(.noSender) }
        let name = fromField.contains("<") ? fromField[..<fromField.firstIndex(of: "<")!].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\""))) : nil
        let ids = ((message.header("In-Reply-To") ?? "") + " " + (message.header("References") ?? ""))
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init).filter { $0.hasPrefix("<") && $0.hasSuffix(">") }
        let leaves = message.leaves
        var body = ""
        if let plain = leaves.first(where: { $0.contentType == "text/plain" && !$0.isAttachment }) {
            body = plain.text
        } else if let html = leaves.first(where: { $0.contentType == "text/html" && !$0.isAttachment }) {
            body = HTMLText.plainText(html.text)
        }
        let (reply, quoted) = QuoteCutter.split(body.replacingOccurrences(of: "\r\n", with: "\n"))
        let attachments = leaves.filter(\.isAttachment).map { part in
            Attachment(filename: part.filename ?? "attachment", contentType: part.contentType, data: part.body)
        }
        return .success(InboundMail(
            from: address, fromName: name.flatMap { $0.isEmpty ? nil : $0 }, subject: EncodedWords.decode(message.header("Subject") ?? ""),
            messageID: message.header("Message-ID").map { $0.trimmingCharacters(in: .whitespaces) },
            references: ids, text: reply, quoted: quoted, attachments: attachments,
            automaticReason: automaticReason(message, envelopeSender: envelopeSender, from: address)))
    }

    /// Auto-replies, bounces and list mail (RFC 3834 and common practice).
    static func automaticReason(_ message: MIMEPart, envelopeSender: String?, from: String) -> String? {
        if let auto = message.header("Auto-Submitted")?.lowercased(), !auto.hasPrefix("no") { return "Auto-Submitted: \(auto)" }
        if let precedence = message.header("Precedence")?.lowercased(), ["bulk", "junk", "list"].contains(precedence) { return "Precedence: \(precedence)" }
        if message.header("X-Autoreply") != nil || message.header("X-Autorespond") != nil { return "an auto-reply header" }
        if let sender = envelopeSender ?? message.header("Return-Path"), sender.trimmingCharacters(in: .whitespaces) == "<>" || sender.isEmpty {
            return "an empty return path (a bounce)"
        }
        if message.contentType == "multipart/report" { return "a delivery report (a bounce)" }
        if from.hasPrefix("mailer-daemon@") || from.hasPrefix("postmaster@") { return "a mailer daemon" }
        return nil
    }

    /// The ticket a message belongs to: the subject's tag, or a thread header naming a ticket.
    public func ticketNumber(prefix: String) -> Int? {
        let tag = "[\(prefix.lowercased()) #"
        if let start = subject.lowercased().range(of: tag) {
            let digits = subject[start.upperBound...].prefix { $0.isNumber }
            if let number = Int(digits), number > 0 { return number }
        }
        for id in references {
            if let range = id.range(of: "<switchboard.ticket-") {
                let digits = id[range.upperBound...].prefix { $0.isNumber }
                if let number = Int(digits), number > 0 { return number }
            }
        }
        return nil
    }
}

/// The bare address of "Name <address>" or of "address".
public func bareAddress(_ text: String) -> String {
    if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
        return String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
    }
    return text.trimmingCharacters(in: .whitespaces)
}

/// Cuts the quoted earlier text off a reply, at the markers common mail clients write.
public enum QuoteCutter {
    public static func split(_ text: String) -> (reply: String, quoted: String?) {
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let isHeaderMarker = isAttribution(trimmed) || trimmed.hasPrefix("-----Original Message-----")
                || trimmed.hasPrefix("-------- Original Message --------") || trimmed.hasPrefix("________________________________")
                || (trimmed.hasPrefix("From:") && lines[(index + 1)...].prefix(4).contains { $0.hasPrefix("Sent:") || $0.hasPrefix("Date:") })
            let restIsQuote = trimmed.hasPrefix(">") && lines[index...].allSatisfy {
                let rest = $0.trimmingCharacters(in: .whitespaces)
                return rest.isEmpty || rest.hasPrefix(">")
            }
            if (isHeaderMarker || restIsQuote) && index > 0 {
                let reply = lines[..<index].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reply.isEmpty else { break }
                return (reply, lines[index...].joined(separator: "\n"))
            }
        }
        return (text.trimmingCharacters(in: .whitespacesAndNewlines), nil)
    }

    /// "On Mon, 21 Sep 2026 at 14:13, Switchboard <…> wrote:", "Am … schrieb …:", "Le … a écrit :".
    private static func isAttribution(_ line: String) -> Bool {
        let lower = line.lowercased()
        return (lower.hasPrefix("on ") && lower.hasSuffix("wrote:")) || (lower.hasPrefix("am ") && lower.hasSuffix("schrieb:"))
            || (lower.hasPrefix("le ") && (lower.hasSuffix("a écrit :") || lower.hasSuffix("a écrit:")))
    }
}

/// Text from an HTML-only message: tags dropped, line breaks kept, entities decoded.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        var text = html
        for pattern in ["(?is)<(script|style|head)[^>]*>.*?</\\1>", "(?i)<br\\s*/?>", "(?i)</(p|div|li|tr|h[1-6])>", "(?i)<blockquote[^>]*>"] {
            let replacement = pattern.contains("br") || pattern.contains("/(p") ? "\n" : (pattern.contains("blockquote") ? "\n> " : "")
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        text = text.replacingOccurrences(of: "[ \\t]+\\n", with: "\n", options: .regularExpression)
            .replacingOccurrences(of: "\\n{3,}", with: "\n\n", options: .regularExpression)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
