import Foundation

/// What a webhook endpoint asked for: which events (by kind and unit), and whether internal
/// ones (supporters only) may go to it.
public struct WebhookSubscription: Sendable, Equatable {
    /// Empty: every kind.
    public var kinds: Set<TicketEventKind>
    /// Nil: every unit (administrators only).
    public var unitID: UUID?
    public var includeInternal: Bool

    public init(kinds: Set<TicketEventKind> = [], unitID: UUID? = nil, includeInternal: Bool = false) {
        self.kinds = kinds
        self.unitID = unitID
        self.includeInternal = includeInternal
    }

    /// Whether an event of `kind` on a ticket of `ticketUnitID` goes to the endpoint. An internal
    /// event goes only where internal events were asked for and the registrant still may read
    /// them (`registrantReadsInternal`: a supporter of the unit, or an administrator).
    public func matches(kind: TicketEventKind, visibility: Visibility, ticketUnitID: UUID, registrantReadsInternal: Bool) -> Bool {
        if !kinds.isEmpty && !kinds.contains(kind) { return false }
        if let unitID, unitID != ticketUnitID { return false }
        if visibility == .internal { return includeInternal && registrantReadsInternal }
        return true
    }
}

/// The rules of webhooks: who registers what, what an endpoint's address and secret must be,
/// how deliveries are retried and signed.
public enum WebhookRules {
    public static let maxEndpointsPerUnit = 20
    public static let secretMinLength = 16
    public static let secretMaxLength = 200
    /// Attempts before a delivery is given up.
    public static let maxAttempts = 8
    /// The wait after the first failed attempt; it doubles after each.
    public static let firstRetrySeconds = 30.0

    /// Why `principal` may not register an endpoint for `unitID` (nil: every unit), or nil when
    /// it may: administrators for any unit or all; a unit's unit admins for that unit only. Either
    /// may ask for internal events: both read them (`WebhookSubscription.matches` checks again at
    /// each event).
    public static func refusal(registering unitID: UUID?, by principal: Principal) -> String? {
        if principal.isAdmin { return nil }
        guard let unitID else { return "Only administrators register endpoints for every unit; name your unit." }
        guard principal.isUnitAdmin(of: unitID) else { return "Administrators and the unit's unit admins register its endpoints." }
        return nil
    }

    /// The endpoint's address: http or https, a host, no user or password in it.
    public static func validateURL(_ text: String?, into errors: inout FieldErrors) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard let url = URLComponents(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, trimmed.count <= 2000,
              !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            errors.add("url", "The endpoint is an http or https address with a host and without a user or password.")
            return nil
        }
        return trimmed
    }

    /// A secret the registrant chose: 16 to 200 printable ASCII characters.
    public static func validateSecret(_ text: String?, into errors: inout FieldErrors) -> String? {
        guard let text else { return nil }
        guard (secretMinLength...secretMaxLength).contains(text.count), text.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline && $0 != "\u{7f}" && ($0.asciiValue ?? 0) >= 33 }) else {
            errors.add("secret", "The secret is \(secretMinLength) to \(secretMaxLength) printable ASCII characters without spaces.")
            return nil
        }
        return text
    }

    /// Event kinds by their names; an unknown name is refused.
    public static func kinds(_ names: [String]?, into errors: inout FieldErrors) -> Set<TicketEventKind> {
        var kinds: Set<TicketEventKind> = []
        for name in names ?? [] {
            guard let kind = TicketEventKind(rawValue: name) else {
                errors.add("events", "'\(name)' is not an event kind; these are: \(TicketEventKind.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            kinds.insert(kind)
        }
        return kinds
    }

    /// The wait before attempt `attempts + 1`, after `attempts` failed ones; nil when it is given up.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        return firstRetrySeconds * pow(2, Double(max(attempts - 1, 0)))
    }

    /// What is signed: the timestamp (Unix seconds), a dot, and the body as sent.
    public static func signedText(timestamp: Int, body: Data) -> Data {
        Data("\(timestamp).".utf8) + body
    }

    /// The signature header's value: `t=<timestamp>,v1=<hex of HMAC-SHA256>`.
    public static func signatureHeader(timestamp: Int, hexDigest: String) -> String {
        "t=\(timestamp),v1=\(hexDigest)"
    }
}
