import Foundation

/// The plain-text notification for one event, as its reader may see it. Internal text (an
/// internal note, an internal attachment's name) is only ever passed in for supporters' mail.
public enum MailTemplates {
    public struct Event: Sendable {
        public var ticketID: Int
        public var ticketSubject: String
        public var unitName: String
        public var status: TicketStatus
        public var priority: TicketPriority
        public var kind: TicketEventKind
        public var visibility: Visibility
        public var actorName: String
        public var changes: [FieldChange]
        public var note: String?
        public var commentBody: String?
        /// For `created`: the description.
        public var description: String?
        public var ticketURL: String

        public init(ticketID: Int, ticketSubject: String, unitName: String, status: TicketStatus, priority: TicketPriority,
                    kind: TicketEventKind, visibility: Visibility, actorName: String, changes: [FieldChange], note: String?,
                    commentBody: String?, description: String?, ticketURL: String) {
            self.ticketID = ticketID
            self.ticketSubject = ticketSubject
            self.unitName = unitName
            self.status = status
            self.priority = priority
            self.kind = kind
            self.visibility = visibility
            self.actorName = actorName
            self.changes = changes
            self.note = note
            self.commentBody = commentBody
            self.description = description
            self.ticketURL = ticketURL
        }
    }

    /// Who a message goes to, which the footer tells them, with how to change it.
    public enum Audience: Sendable, CaseIterable {
        case supporters
        case submitterSide
        case subscriber

        public var reason: String {
            switch self {
            case .supporters:
                "You get this mail as a supporter of the ticket (its unit, responsible person, or involved)."
            case .submitterSide:
                "You get this mail as the ticket's submitter or in its CC; the submitter chooses which mail is sent under Details on the ticket page."
            case .subscriber:
                "You get this mail because you subscribed to the ticket; unsubscribe on the ticket page."
            }
        }
    }

    /// "[Switchboard #123] Jobs fail on CREAM CE": the same for every mail of a ticket, so mail
    /// clients that thread by subject agree with the threading headers.
    public static func subject(prefix: String, ticketID: Int, ticketSubject: String) -> String {
        "[\(prefix) #\(ticketID)] \(ticketSubject)"
    }

    public static func body(_ event: Event, for audience: Audience? = nil) -> String {
        func change(_ field: String) -> FieldChange? { event.changes.first { $0.field == field } }
        func words(_ raw: String?) -> String {
            guard let raw else { return "nothing" }
            return raw.utf8.contains(UInt8(ascii: "-")) ? raw.replacingOccurrences(of: "-", with: " ") : raw
        }
        var lines: [String] = []
        switch event.kind {
        case .created:
            lines.append("\(event.actorName) opened ticket #\(event.ticketID) for \(event.unitName) (\(words(event.priority.rawValue))).")
            if let description = event.description { lines += ["", description] }
        case .assignedToUnit:
            lines.append("\(event.actorName) assigned the ticket from \(change("supportUnit")?.before ?? "?") to \(change("supportUnit")?.after ?? "?").")
        case .assignedToPerson:
            lines.append("\(event.actorName) made \(change("assignee")?.after ?? "someone") responsible for the ticket.")
        case .involved:
            lines.append("\(event.actorName) involved \(event.changes.first?.after ?? "someone") in the ticket.")
        case .statusChanged:
            lines.append("\(event.actorName) changed the status from \(words(change("status")?.before)) to \(words(change("status")?.after)).")
        case .priorityChanged:
            lines.append("\(event.actorName) changed the priority from \(words(change("priority")?.before)) to \(words(change("priority")?.after)).")
        case .commentPublic:
            lines.append("\(event.actorName) wrote:")
        case .commentInternal:
            lines.append("\(event.actorName) wrote an internal note (supporters only, not sent to the submitter):")
        case .fieldChanged:
            lines.append("\(event.actorName) " + FieldChange.sentence(event.changes) + ".")
        case .linked:
            lines.append("\(event.actorName) linked the ticket: \(words(event.changes.first?.field)) \(event.changes.first?.after ?? "").")
        case .attachmentAdded:
            lines.append("\(event.actorName) attached \(event.changes.first?.after ?? "a file")\(event.visibility == .internal ? " (supporters only)" : "").")
        case .reminderSent, .escalated, .sweepNote:
            lines.append("\(event.actorName): \(event.note ?? "")")
        }
        if let body = event.commentBody { lines += ["", body] }
        if let note = event.note, event.kind != .reminderSent, event.kind != .escalated, event.kind != .sweepNote { lines += ["", note] }
        lines += [
            "",
            "-- ",
            "Ticket #\(event.ticketID): \(event.ticketSubject)",
            "Status: \(words(event.status.rawValue)) · Priority: \(words(event.priority.rawValue)) · Unit: \(event.unitName)",
        ]
        if let audience { lines.append(audience.reason) }
        lines += [
            event.ticketURL,
        ]
        return lines.joined(separator: "\n")
    }
}
