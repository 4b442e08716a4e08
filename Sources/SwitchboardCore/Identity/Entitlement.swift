import Foundation

/// A group entitlement as a federated identity provider asserts it (`eduperson_entitlement`,
/// AARC-G002): `urn:mace:egi.eu:group:atlas:production:role=member#aai.egi.eu` says the person
/// is a member of the group `atlas:production` in the namespace `urn:mace:egi.eu`, asserted by
/// the authority `aai.egi.eu`. The first group is the virtual organisation (VO).
public struct Entitlement: Sendable, Equatable {
    public var namespace: String
    /// The group and its subgroups, outermost first; never empty.
    public var groups: [String]
    public var role: String?
    public var authority: String?

    /// The VO the entitlement is about: its outermost group.
    public var virtualOrganisation: String { groups[0] }

    /// Reads an AARC-G002 group entitlement; nil for anything else (other URNs, free text).
    public init?(_ value: String) {
        let text = value.trimmingCharacters(in: .whitespaces)
        let (body, authority): (Substring, String?) = {
            guard let hash = text.firstIndex(of: "#") else { return (Substring(text), nil) }
            return (text[..<hash], String(text[text.index(after: hash)...]))
        }()
        guard let marker = body.range(of: ":group:") else { return nil }
        let namespace = String(body[..<marker.lowerBound])
        guard namespace.hasPrefix("urn:"), namespace.count > 4 else { return nil }
        var parts = body[marker.upperBound...].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var role: String?
        if let last = parts.last, last.hasPrefix("role=") {
            role = String(last.dropFirst(5))
            parts.removeLast()
            if role?.isEmpty == true { return nil }
        }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.namespace = namespace
        self.groups = parts
        self.role = role
        self.authority = authority.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The VOs a person's entitlements name, each once, sorted: the choices their tickets offer.
    public static func virtualOrganisations(of values: [String]) -> [String] {
        Array(Set(values.compactMap { Entitlement($0)?.virtualOrganisation })).sorted()
    }
}

/// Which entitlements an administrator's rule means: the exact value; a value ending in `*`
/// matches every entitlement that starts with what comes before it; and a value without an
/// `#authority` part matches whatever authority asserted it (`urn:mace:egi.eu:group:dmsu:role=member`
/// matches `urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu`). Letters are compared exactly
/// (entitlements are case-sensitive URNs apart from their `urn:` prefix, which nobody varies).
public struct EntitlementPattern: Sendable, Equatable, Hashable {
    public let text: String

    public init(_ text: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
    }

    /// Why the pattern cannot be a rule, or nil when it can.
    public var problem: String? {
        if text.isEmpty { return "Give the entitlement the rule matches." }
        if text.count > 500 { return "An entitlement has at most 500 characters." }
        if text.contains(where: { $0.isWhitespace || $0.isNewline }) { return "An entitlement has no spaces." }
        if text.dropLast().contains("*") { return "Only a final * may stand for the rest of the entitlement." }
        if text.hasSuffix("*") && text.count < 12 { return "A pattern with * must start with at least 11 characters (e.g. urn:mace:egi.eu:group:)." }
        if !text.hasPrefix("urn:") { return "An entitlement is a URN (urn:mace:egi.eu:group:…)." }
        return nil
    }

    public func matches(_ entitlement: String) -> Bool {
        if text.hasSuffix("*") { return entitlement.hasPrefix(text.dropLast()) }
        if entitlement == text { return true }
        if !text.contains("#"), let hash = entitlement.firstIndex(of: "#") { return entitlement[..<hash] == text }
        return false
    }
}
