import Foundation

/// Whether a known issue still affects people.
public enum KnownIssueState: String, Codable, CaseIterable, Sendable {
    case open
    case resolved
}

/// A known issue as the digest shows it (seed 000, "Feedback to EGI Operations"): a problem
/// with broader impact, documented with its symptoms, impact and workaround.
public struct KnownIssueSummary: Sendable, Equatable {
    public var number: Int
    public var title: String
    public var symptoms: String
    public var impact: String
    public var workaround: String?
    public var components: [String]
    public var versions: [String]
    public var state: KnownIssueState
    public var createdAt: Date
    public var updatedAt: Date
    public var resolvedAt: Date?
    /// How it was resolved (by hand, or the release that brought the fix to production).
    public var resolution: String?
    /// The tickets it was seen in.
    public var tickets: [Int]

    public init(number: Int, title: String, symptoms: String, impact: String, workaround: String? = nil, components: [String] = [],
                versions: [String] = [], state: KnownIssueState = .open, createdAt: Date, updatedAt: Date, resolvedAt: Date? = nil,
                resolution: String? = nil, tickets: [Int] = []) {
        self.number = number
        self.title = title
        self.symptoms = symptoms
        self.impact = impact
        self.workaround = workaround
        self.components = components
        self.versions = versions
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resolvedAt = resolvedAt
        self.resolution = resolution
        self.tickets = tickets
    }
}

/// The digest for an operations meeting: the known issues opened, changed or resolved since a
/// date, each in exactly one section, as Markdown (for a wiki) or plain text (for a mail).
public enum KnownIssueDigest {
    public enum Section: String, Codable, CaseIterable, Sendable {
        case opened, changed, resolved

        public var title: String {
            switch self {
            case .opened: "New known issues"
            case .changed: "Updated known issues"
            case .resolved: "Resolved known issues"
            }
        }
    }

    /// The section an issue belongs in for a digest since `since` (inclusive): resolved since
    /// then wins (also when it was opened since then), then opened, then changed; nil when
    /// nothing happened to it since then.
    public static func section(of issue: KnownIssueSummary, since: Date) -> Section? {
        if issue.state == .resolved, let resolvedAt = issue.resolvedAt, resolvedAt >= since { return .resolved }
        if issue.createdAt >= since { return .opened }
        if issue.updatedAt >= since { return .changed }
        return nil
    }

    /// The issues by section, in section order, each section by number; empty sections left out.
    public static func sections(_ issues: [KnownIssueSummary], since: Date) -> [(section: Section, issues: [KnownIssueSummary])] {
        Section.allCases.compactMap { section in
            let members = issues.filter { self.section(of: $0, since: since) == section }.sorted { $0.number < $1.number }
            return members.isEmpty ? nil : (section, members)
        }
    }

    public static func markdown(_ issues: [KnownIssueSummary], since: Date, zone: TimeZone, title: String) -> String {
        var out = "# \(escape(title))\n\nKnown issues opened, changed or resolved since \(day(since, zone)).\n"
        let sections = sections(issues, since: since)
        if sections.isEmpty { out += "\nNothing changed.\n" }
        for (section, members) in sections {
            out += "\n## \(section.title)\n"
            for issue in members {
                out += "\n### KI-\(issue.number): \(escape(issue.title))\n\n"
                for (label, value) in facts(issue, zone: zone) {
                    out += "- **\(label):** \(escape(value).replacingOccurrences(of: "\n", with: " "))\n"
                }
            }
        }
        return out
    }

    public static func plainText(_ issues: [KnownIssueSummary], since: Date, zone: TimeZone, title: String) -> String {
        var out = "\(title)\n\(String(repeating: "=", count: title.count))\n\nKnown issues opened, changed or resolved since \(day(since, zone)).\n"
        let sections = sections(issues, since: since)
        if sections.isEmpty { out += "\nNothing changed.\n" }
        for (section, members) in sections {
            out += "\n\(section.title.uppercased())\n"
            for issue in members {
                out += "\nKI-\(issue.number): \(issue.title)\n"
                for (label, value) in facts(issue, zone: zone) {
                    let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
                    out += "  \(label): \(lines.first ?? "")\n"
                    for line in lines.dropFirst() { out += "    \(line)\n" }
                }
            }
        }
        return out
    }

    /// The labelled facts of one issue, in the order every format (also the web page) shows them.
    public static func facts(_ issue: KnownIssueSummary, zone: TimeZone) -> [(String, String)] {
        var facts: [(String, String)] = [("State", issue.state.rawValue), ("Symptoms", issue.symptoms), ("Impact", issue.impact),
                                         ("Workaround", issue.workaround ?? "none known")]
        if !issue.components.isEmpty { facts.append(("Components", issue.components.joined(separator: ", "))) }
        if !issue.versions.isEmpty { facts.append(("Versions", issue.versions.joined(separator: ", "))) }
        if !issue.tickets.isEmpty { facts.append(("Tickets", issue.tickets.map { "#\($0)" }.joined(separator: ", "))) }
        if let resolvedAt = issue.resolvedAt, issue.state == .resolved {
            facts.append(("Resolved", day(resolvedAt, zone) + (issue.resolution.map { ": \($0)" } ?? "")))
        }
        return facts
    }

    public static func day(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Markdown's formatting characters written as themselves, so that a title or a symptom
    /// pasted into a wiki reads as it was typed.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
