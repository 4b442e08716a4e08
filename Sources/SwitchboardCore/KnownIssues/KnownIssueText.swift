import Foundation

/// What a known issue says, checked: a title, the symptoms people see, the impact, a workaround
/// if there is one, and the affected components and versions.
public struct KnownIssueText: Sendable, Equatable {
    public static let titleMaxLength = 200
    public static let textMaxLength = 10_000
    public static let maxListEntries = 30
    public static let entryMaxLength = 120

    public var title: String
    public var symptoms: String
    public var impact: String
    public var workaround: String?
    public var components: [String]
    public var versions: [String]

    public init(title: String, symptoms: String, impact: String, workaround: String? = nil, components: [String] = [], versions: [String] = []) {
        self.title = title
        self.symptoms = symptoms
        self.impact = impact
        self.workaround = workaround
        self.components = components
        self.versions = versions
    }

    /// Checks every field and answers all the problems at once. Text is trimmed (line ends as
    /// LF); list entries are trimmed, empty ones dropped, repeats dropped.
    public static func validate(
        title: String?, symptoms: String?, impact: String?, workaround: String?, components: [String]?, versions: [String]?
    ) throws(FieldErrors) -> KnownIssueText {
        var errors = FieldErrors()
        let title = TicketRules.validateText(title, field: "title", required: true, maxLength: titleMaxLength, into: &errors)
        if let title, title.contains(where: \.isNewline) { errors.add("title", "Title is one line.") }
        let symptoms = TicketRules.validateText(symptoms, field: "symptoms", required: true, maxLength: textMaxLength, into: &errors)
        let impact = TicketRules.validateText(impact, field: "impact", required: true, maxLength: textMaxLength, into: &errors)
        let workaround = TicketRules.validateText(workaround, field: "workaround", required: false, maxLength: textMaxLength, into: &errors)
        let components = checkList(components ?? [], field: "components", into: &errors)
        let versions = checkList(versions ?? [], field: "versions", into: &errors)
        try errors.throwIfAny()
        return KnownIssueText(title: title ?? "", symptoms: symptoms ?? "", impact: impact ?? "", workaround: workaround,
                              components: components, versions: versions)
    }

    static func checkList(_ entries: [String], field: String, into errors: inout FieldErrors) -> [String] {
        var kept: [String] = []
        for raw in entries {
            let entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if entry.isEmpty || kept.contains(entry) { continue }
            if entry.count > entryMaxLength || entry.contains(",") || entry.contains(where: \.isNewline) || entry.unicodeScalars.contains("\u{0}") {
                errors.add(field, "'\(entry.prefix(40))' is not a \(field == "components" ? "component" : "version"): one line, no commas, at most \(entryMaxLength) characters.")
                continue
            }
            kept.append(entry)
        }
        if kept.count > maxListEntries { errors.add(field, "At most \(maxListEntries) \(field) are listed.") }
        return kept
    }

    /// A stored comma-separated list as entries.
    public static func list(_ stored: String) -> [String] {
        stored.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Entries as stored.
    public static func stored(_ entries: [String]) -> String { entries.joined(separator: ",") }

    /// Entries typed into one field: separated by commas or line breaks.
    public static func entries(typed text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0.isNewline }).map(String.init)
    }
}
