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
    /// Lower-cased bare addresses it was sent to (To, Cc, Delivered-To, X-Original-To).
    public var recipients: [String] = []
    /// The Authentication-Results headers, topmost first.
    public var authenticationResults: [String] = []

    /// The domain of the From address.
    public var fromDomain: String { String(from.split(separator: "@").last ?? "") }

    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case noSender
        public var description: String { "The message has no usable From address." }
    }

    /// The whole message: headers, reply text, quoted text and attachments.
    public static func read(_ data: Data, envelopeSender: String? = nil) -> Result<InboundMail, Invalid> {
        let message = MIMEParser.parse(data)
        return fromHeaders(message, envelopeSender: envelopeSender).map { mail in
            var mail = mail
            let leaves = message.leaves
            var body = ""
            if let plain = leaves.first(where: { $0.contentType == "text/plain" && !$0.isAttachment }) {
                body = plain.text
            } else if let html = leaves.first(where: { $0.contentType == "text/html" && !$0.isAttachment }) {
                body = HTMLText.plainText(html.text)
            }
            (mail.text, mail.quoted) = QuoteCutter.split(body.replacingOccurrences(of: "\r\n", with: "\n"))
            mail.attachments = leaves.filter(\.isAttachment).map { part in
                Attachment(filename: part.filename ?? "attachment", contentType: part.contentType, data: part.body)
            }
            return mail
        }
    }

    /// Only the headers (sender, subject, thread, automatic markers): cheap, so that who sent a
    /// message is known before its body is read. `text` is empty and there are no attachments.
    public static func readHeaders(_ data: Data, envelopeSender: String? = nil) -> Result<InboundMail, Invalid> {
        fromHeaders(MIMEParser.parseHead(data), envelopeSender: envelopeSender)
    }

    private static func fromHeaders(_ message: MIMEPart, envelopeSender: String?) -> Result<InboundMail, Invalid> {
        let fromField = EncodedWords.decode(message.header("From") ?? "")
        let address = bareAddress(fromField).lowercased()
        guard EmailAddress.isPlausible(address) else { return .failure(.noSender) }
        let name = fromField.contains("<") ? fromField[..<fromField.firstIndex(of: "<")!].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\""))) : nil
        let ids = ((message.header("In-Reply-To") ?? "") + " " + (message.header("References") ?? ""))
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init).filter { $0.hasPrefix("<") && $0.hasSuffix(">") }
        let recipientFields = message.headers.filter { ["to", "cc", "delivered-to", "x-original-to"].contains($0.name.lowercased()) }
        let recipients = recipientFields.flatMap { $0.value.split(separator: ",") }.prefix(200)
            .map { bareAddress(String($0)).lowercased() }.filter(EmailAddress.isPlausible)
        return .success(InboundMail(
            from: address, fromName: name.flatMap { $0.isEmpty ? nil : $0 }, subject: EncodedWords.decode(message.header("Subject") ?? ""),
            messageID: message.header("Message-ID").map { $0.trimmingCharacters(in: .whitespaces) },
            references: ids, text: "", quoted: nil, attachments: [],
            automaticReason: automaticReason(message, envelopeSender: envelopeSender, from: address),
            recipients: recipients,
            authenticationResults: message.headers.filter { $0.name.lowercased() == "authentication-results" }.map(\.value)))
    }

    /// Auto-replies, bounces and list mail (RFC 3834 and common practice).
    static func automaticReason(_ message: MIMEPart, envelopeSender: String?, from: String) -> String? {
        if let auto = message.header("Auto-Submitted")?.lowercased(), !auto.hasPrefix("no") { return "Auto-Submitted: \(auto)" }
        if let precedence = message.header("Precedence")?.lowercased(), ["bulk", "junk", "list"].contains(precedence) { return "Precedence: \(precedence)" }
        if message.header("X-Autoreply") != nil || message.header("X-Autorespond") != nil { return "an auto-reply header" }
        if let sender = envelopeSender ?? message.header("Return-Path") {
            let bare = bareAddress(sender).lowercased()
            // Postfix passes "MAILER-DAEMON" for an empty sender unless the pipe says null_sender=.
            if sender.trimmingCharacters(in: .whitespaces) == "<>" || bare.isEmpty || bare == "mailer-daemon"
                || bare.hasPrefix("mailer-daemon@") || bare.hasPrefix("postmaster@") {
                return "an empty return path (a bounce or an automatic reply)"
            }
        }
        if message.contentType == "multipart/report" { return "a delivery report (a bounce)" }
        if from.hasPrefix("mailer-daemon@") || from.hasPrefix("postmaster@") { return "a mailer daemon" }
        return nil
    }

    /// The ids of Switchboard's own notifications (`<switchboard.UUID@domain>`) that the thread
    /// headers name, newest reference first: a reply names the notification it answers even
    /// when the client keeps neither the subject tag nor the thread root.
    public func notificationIDs(domain: String) -> [UUID] {
        let suffix = "@\(domain.lowercased())>"
        return references.reversed().compactMap { id in
            let lowered = id.lowercased()
            guard lowered.hasPrefix("<switchboard."), lowered.hasSuffix(suffix) else { return nil }
            return UUID(uuidString: String(lowered.dropFirst("<switchboard.".count).dropLast(suffix.count)))
        }
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
