import Foundation

/// How sure the mail gate is that a message comes from the address in its From header.
/// Anyone can write any From; the mail gate believes it only as far as the installation
/// says (README, "Security and limits").
public enum SenderAssurance: Int, Sendable, Comparable, CustomStringConvertible {
    /// Nothing but the From header.
    case none = 0
    /// Sent to a reply address of the helpdesk whose token is bound to this ticket and to the
    /// From address: only someone who received that address could have written to it.
    case replyAddress = 1
    /// The installation's own mail server checked the From domain (DMARC pass, or DKIM pass
    /// for the From domain) and said so in an Authentication-Results header.
    case authenticated = 2

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init?(setting: String) {
        switch setting.lowercased() {
        case "none": self = .none
        case "reply-address": self = .replyAddress
        case "authenticated": self = .authenticated
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .replyAddress: "reply-address"
        case .authenticated: "authenticated"
        }
    }
}

/// Reads Authentication-Results headers (RFC 8601) written by the installation's own mail
/// server, recognised by its authserv-id. Only the topmost header with that id counts: the
/// server prepends its own, so one further down with the same id came with the message.
public enum AuthenticationResults {
    /// True when the trusted server reports `dmarc=pass` for the From domain, or `dkim=pass`
    /// with a signing domain the From domain is or belongs to (relaxed alignment).
    public static func authenticates(fromDomain: String, headers: [String], authservID: String) -> Bool {
        let domain = fromDomain.lowercased()
        guard !domain.isEmpty, let ours = headers.first(where: { self.authservID(of: $0) == authservID.lowercased() }) else { return false }
        for statement in ours.split(separator: ";").dropFirst() {
            let words = withoutComments(String(statement)).split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
            guard let result = words.first else { continue }
            let properties = Dictionary(words.dropFirst().compactMap { word -> (String, String)? in
                guard let equals = word.firstIndex(of: "=") else { return nil }
                return (String(word[..<equals]), String(word[word.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }, uniquingKeysWith: { first, _ in first })
            switch result {
            case "dmarc=pass":
                if properties["header.from"] == domain { return true }
            case "dkim=pass":
                let signer = properties["header.d"] ?? properties["header.i"].map { String($0.split(separator: "@").last ?? "") } ?? ""
                if !signer.isEmpty && (domain == signer || domain.hasSuffix("." + signer)) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// The authserv-id: the first word of the header, before the first ";".
    static func authservID(of header: String) -> String {
        let first = withoutComments(String(header.split(separator: ";", maxSplits: 1).first ?? ""))
        return first.split(separator: " ").first.map { $0.lowercased() } ?? ""
    }

    /// The text without RFC 5322 comments in parentheses (not nested deeper than one level).
    static func withoutComments(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { result.append(character) }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}

/// The helpdesk's per-ticket, per-person reply addresses: `helpdesk+<ticket>-<token>@domain`,
/// where the token is a keyed digest of the ticket and the person's address. The digest itself
/// is computed by the caller (the core has no cryptography); this holds the format.
public enum ReplyAddress {
    /// The reply address for a base address like `helpdesk@example.org`.
    public static func make(base: String, ticketID: Int, token: String) -> String? {
        guard let at = base.lastIndex(of: "@") else { return nil }
        let local = base[..<at].split(separator: "+").first.map(String.init) ?? String(base[..<at])
        return "\(local)+\(ticketID)-\(token)\(base[at...])"
    }

    /// Ticket and token of a reply address, when `address` is one for `base`'s local part and domain.
    public static func parse(_ address: String, base: String) -> (ticketID: Int, token: String)? {
        let address = address.lowercased()
        let base = base.lowercased()
        guard let at = address.lastIndex(of: "@"), let baseAt = base.lastIndex(of: "@"),
              address[at...] == base[baseAt...] else { return nil }
        let baseLocal = base[..<baseAt].split(separator: "+").first.map(String.init) ?? ""
        let local = address[..<at]
        guard local.hasPrefix(baseLocal + "+") else { return nil }
        let tag = local.dropFirst(baseLocal.count + 1)
        let pieces = tag.split(separator: "-", maxSplits: 1)
        guard pieces.count == 2, let ticketID = Int(pieces[0]), ticketID > 0, !pieces[1].isEmpty else { return nil }
        return (ticketID, String(pieces[1]))
    }
}
