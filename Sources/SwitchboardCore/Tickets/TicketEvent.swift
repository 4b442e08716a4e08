import Foundation

/// Who may see an event or a comment.
public enum Visibility: String, Codable, CaseIterable, Sendable {
    /// The submitter, CC and every supporter.
    case `public`
    /// Supporters only.
    case `internal`
}

/// What happened to a ticket. Every change is one immutable event of one kind.
public enum TicketEventKind: String, Codable, CaseIterable, Sendable {
    case created
    case assignedToUnit = "assigned-to-unit"
    case assignedToPerson = "assigned-to-person"
    case involved
    case statusChanged = "status-changed"
    case priorityChanged = "priority-changed"
    case commentPublic = "comment-public"
    case commentInternal = "comment-internal"
    case fieldChanged = "field-changed"
    case linked
    case attachmentAdded = "attachment-added"
    /// The helpdesk reminded someone (the submitter, a unit) of a ticket.
    case reminderSent = "reminder-sent"
    /// The submitter escalated an overdue ticket (one of three steps).
    case escalated
    /// A supporter's short progress note, recorded during the unit's sweep (supporters only).
    case sweepNote = "sweep-note"
}

/// One changed value of an event: a field with its value before and after.
/// Values are plain strings (unit and person names, statuses, priorities) so that history
/// reads the same after the things it names change.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

extension FieldChange {
    /// How history and mail say a change of a field that is not a plain value: a requirement's
    /// estimate and its place in the requirements queue, a known issue's link and state. Nil for
    /// ordinary fields, which read "changed FIELD to VALUE".
    public var phrase: String? {
        switch field {
        case "estimate":
            return before.map { "changed the effort estimate from \($0) to \(after ?? "nothing")" } ?? "estimated the effort at \(after ?? "?")"
        case "requirementsQueue":
            return "opened it in the requirements queue as \(after ?? "?")"
        case "knownIssue":
            return after.map { "linked it to known issue \($0)" } ?? "unlinked it from known issue \(before ?? "?")"
        case "knownIssueState":
            return "marked known issue \(after ?? "?")"
        default:
            return nil
        }
    }

    /// A `field-changed` event's changes in words: the special ones by their phrase, the rest
    /// as "changed FIELD to “VALUE”".
    public static func sentence(_ changes: [FieldChange]) -> String {
        let plain = changes.filter { $0.phrase == nil }
        let phrases = changes.compactMap(\.phrase)
            + (plain.isEmpty ? [] : ["changed " + plain.map { "\($0.field) to “\($0.after ?? "nothing")”" }.joined(separator: ", ")])
        return phrases.joined(separator: "; ")
    }

    /// The changes as the JSON text events store: `[{"field":…,"before":…,"after":…}]`, absent
    /// values left out, as `JSONEncoder` writes them; written by hand because the import writes
    /// millions and `JSONEncoder` costs tens of microseconds each.
    public static func json(_ changes: [FieldChange]) -> String {
        var out = "["
        for (index, change) in changes.enumerated() {
            if index > 0 { out += "," }
            out += "{\"field\":"
            JSONText.appendString(change.field, to: &out)
            if let before = change.before {
                out += ",\"before\":"
                JSONText.appendString(before, to: &out)
            }
            if let after = change.after {
                out += ",\"after\":"
                JSONText.appendString(after, to: &out)
            }
            out += "}"
        }
        return out + "]"
    }
}

/// An event as the rules see it, independent of storage.
public struct TicketEventRecord: Sendable, Equatable {
    public var kind: TicketEventKind
    public var visibility: Visibility
    public var changes: [FieldChange]
    /// A free-text note that goes with the change (a justification, a reason, a comment).
    public var note: String?
    /// For automatic actions: the rule that caused it ("waiting-for-submitter", "closure").
    public var rule: String?

    public init(kind: TicketEventKind, visibility: Visibility = .public, changes: [FieldChange] = [], note: String? = nil, rule: String? = nil) {
        self.kind = kind
        self.visibility = visibility
        self.changes = changes
        self.note = note
        self.rule = rule
    }

    /// Whether an actor that holds `mayReadInternal` sees this event.
    public func isVisible(mayReadInternal: Bool) -> Bool {
        visibility == .public || mayReadInternal
    }
}
