import Foundation

/// A unit's reply template: text with placeholders in double braces, filled in for the ticket
/// it answers. `{{submitter}}` the submitter's name, `{{ticket}}` the ticket number (`#123`),
/// `{{subject}}`, `{{unit}}` the unit that holds the ticket, `{{target}}` that unit's response
/// target for the ticket's priority (`1wd`, or "best effort").
public enum ReplyTemplateText {
    public static let placeholders = ["submitter", "ticket", "subject", "unit", "target"]

    /// The names between `{{` and `}}` that are not placeholders, in order of appearance.
    public static func unknownPlaceholders(in text: String) -> [String] {
        names(in: text).filter { !placeholders.contains($0) }
    }

    /// The text with every known placeholder replaced; anything else is left as written.
    public static func render(_ text: String, values: [String: String]) -> String {
        var out = text
        for name in placeholders {
            out = out.replacingOccurrences(of: "{{\(name)}}", with: values[name] ?? "")
        }
        return out
    }

    private static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }
}
