import Foundation

/// Limits and checks on the values a ticket is made of (DESIGN.md §2).
public enum TicketRules {
    public static let subjectMaxLength = 250
    public static let descriptionMaxLength = 100_000
    public static let commentMaxLength = 100_000
    public static let shortFieldMaxLength = 200
    public static let ccMaxCount = 50
    public static let justificationMaxLength = 2_000

    /// Checks a new ticket's free-text fields. Returns the trimmed values.
    public static func validateSubject(_ subject: String?, into errors: inout FieldErrors) -> String {
        let trimmed = TextShape.trimmed(subject ?? "")
        if trimmed.isEmpty {
            errors.add("subject", "A subject is required.")
        } else if TextShape.isLonger(trimmed, than: subjectMaxLength) {
            errors.add("subject", "The subject is \(trimmed.count) characters long; at most \(subjectMaxLength) are allowed.")
        } else if trimmed.contains(where: { $0.isNewline }) {
            errors.add("subject", "The subject must be a single line.")
        }
        return trimmed
    }

    public static func validateText(
        _ text: String?, field: String, required: Bool, maxLength: Int, into errors: inout FieldErrors
    ) -> String? {
        // Browsers send CRLF line ends; text is kept with LF only.
        let trimmed = TextShape.trimmed(TextShape.withLineFeeds(text ?? ""))
        if trimmed.isEmpty {
            if required { errors.add(field, "\(field.capitalizedFirst) is required.") }
            return nil
        }
        if TextShape.isLonger(trimmed, than: maxLength) {
            errors.add(field, "\(field.capitalizedFirst) is \(trimmed.count) characters long; at most \(maxLength) are allowed.")
        }
        if trimmed.utf8.contains(0) {
            // PostgreSQL cannot store it and SQLite cuts text at it: refused on every path.
            errors.add(field, "\(field.capitalizedFirst) must not contain the NUL character.")
        }
        return trimmed
    }

    /// Checks and normalises CC addresses (trimmed, lower-cased, without duplicates).
    public static func validateCC(_ addresses: [String]?, into errors: inout FieldErrors) -> [String] {
        var seen: [String] = []
        for raw in addresses ?? [] {
            let address = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if !EmailAddress.isPlausible(address) {
                errors.add("cc", "'\(raw)' is not an email address.")
            } else if !seen.contains(address) {
                seen.append(address)
            }
        }
        if seen.count > ccMaxCount { errors.add("cc", "At most \(ccMaxCount) CC addresses are allowed.") }
        return seen
    }
}

/// A deliberately simple address check: one `@`, a non-empty local part, a dotted domain,
/// no spaces or angle brackets. Delivery is the real test.
public enum EmailAddress {
    public static func isPlausible(_ address: String) -> Bool {
        guard address.utf8.count <= 254 * 4, address.count <= 254, !containsForbidden(address) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    /// White space or one of `<>,;"` (checked byte by byte when the address is ASCII, as nearly all are).
    private static func containsForbidden(_ address: String) -> Bool {
        if address.utf8.allSatisfy({ $0 < 0x80 }) {
            return address.utf8.contains { byte in
                byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: ",")
                    || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"")
            }
        }
        return address.unicodeScalars.contains { $0.properties.isWhitespace || "<>,;\"".unicodeScalars.contains($0) }
    }

    public static func normalise(_ address: String) -> String {
        // Most addresses are already plain lower-case ASCII: no need for Foundation's trimming.
        if address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !($0 >= 0x41 && $0 <= 0x5A) }) { return address }
        return address.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
