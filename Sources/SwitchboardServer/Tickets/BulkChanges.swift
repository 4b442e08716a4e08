import Foundation
import SwitchboardCore

/// One change applied to several tickets, as a supporter sweeping a list makes it: each ticket
/// in its own transaction and its own event, checked by the same rules as the same change on
/// the ticket page. The outcome says which tickets changed and which were refused, and why.
public enum BulkChange {
    public enum Change: Sendable {
        case status(TicketStatus, note: String?)
        case assign(unit: String, note: String?, noteVisibility: Visibility)
        case priority(TicketPriority, justification: String?)
        case internalNote(String)
        case responsible(UUID)
    }

    public struct Refusal: Sendable, Equatable {
        public var ticket: Int
        public var reason: String
    }

    public struct Outcome: Sendable, Equatable {
        public var changed: [Int] = []
        public var refused: [Refusal] = []
    }

    /// Tickets one bulk change may name (a page of the search holds 50).
    public static let maxTickets = 200
}

/// A bulk change as the API and the search page's form send it: the tickets, which change, and
/// the one field that change needs.
public struct BulkChangeInput: Codable, Sendable {
    public var tickets: [Int]
    /// `status`, `assign`, `priority`, `note` or `responsible`.
    public var change: String?
    public var status: String?
    /// A unit's id or name (`assign`).
    public var unit: String?
    public var priority: String?
    /// A supporter's id (`responsible`).
    public var assignee: String?
    /// Public with a status change or an assignment, the justification of a priority change,
    /// the text of an internal note.
    public var note: String?

    /// The change it names. Every field given is checked, also one the change does not use,
    /// so that a mistyped request is refused rather than half read.
    public func chosenChange() throws -> BulkChange.Change {
        var errors = FieldErrors()
        let status = status.map { raw in TicketStatus(rawValue: raw) ?? { errors.add("status", "'\(raw)' is not a status."); return nil }() }
        let priority = priority.map { raw in TicketPriority(rawValue: raw) ?? { errors.add("priority", "'\(raw)' is not a priority."); return nil }() }
        let person = assignee.map { raw in UUID(uuidString: raw) ?? { errors.add("assignee", "'\(raw)' is not a person's id."); return nil }() }
        if let unit, unit.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("unit", "Choose a unit.") }
        if let bad = tickets.first(where: { $0 < 1 }) { errors.add("tickets", "'\(bad)' is not a ticket number.") }
        try HelpdeskError.check(errors)
        let note = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        switch change {
        case "status":
            guard let status = status ?? nil else { throw HelpdeskError.invalid("status", "Choose a status.") }
            return .status(status, note: note)
        case "assign":
            guard let unit else { throw HelpdeskError.invalid("unit", "Choose a unit.") }
            return .assign(unit: unit, note: note, noteVisibility: .public)
        case "priority":
            guard let priority = priority ?? nil else { throw HelpdeskError.invalid("priority", "Choose a priority.") }
            return .priority(priority, justification: note)
        case "note":
            guard let note else { throw HelpdeskError.invalid("note", "Write the internal note.") }
            return .internalNote(note)
        case "responsible":
            guard let person = person ?? nil else { throw HelpdeskError.invalid("assignee", "Choose a person.") }
            return .responsible(person)
        default:
            throw HelpdeskError.invalid("change", "Choose what to change: status, assign, priority, note or responsible.")
        }
    }
}

extension TicketOperations {
    public func bulkChange(_ ticketIDs: [Int], _ change: BulkChange.Change, by acting: Acting) async throws -> BulkChange.Outcome {
        var seen: Set<Int> = []
        let tickets = ticketIDs.filter { seen.insert($0).inserted }
        if tickets.isEmpty { throw HelpdeskError.invalid("ticket", "Select at least one ticket.") }
        if tickets.count > BulkChange.maxTickets {
            throw HelpdeskError.invalid("ticket", "Select at most \(BulkChange.maxTickets) tickets at once.")
        }
        var outcome = BulkChange.Outcome()
        for ticketID in tickets {
            do {
                try await apply(change, to: ticketID, by: acting)
                outcome.changed.append(ticketID)
            } catch let error as HelpdeskError {
                outcome.refused.append(BulkChange.Refusal(ticket: ticketID, reason: error.message))
            }
        }
        return outcome
    }

    private func apply(_ change: BulkChange.Change, to ticketID: Int, by acting: Acting) async throws {
        switch change {
        case .status(let status, let note):
            try await changeStatus(ticketID: ticketID, to: status, note: note, by: acting)
        case .assign(let unit, let note, let visibility):
            try await assign(ticketID: ticketID, unit: unit, assignee: nil, note: note, noteVisibility: visibility, by: acting)
        case .priority(let priority, let justification):
            try await changePriority(ticketID: ticketID, to: priority, justification: justification, by: acting)
        case .internalNote(let body):
            try await addComment(ticketID: ticketID, body: body, visibility: .internal, by: acting)
        case .responsible(let person):
            // The person becomes responsible within the unit the ticket is with.
            let ticket = try await helpdesk.ticketQueries.ticketDetail(ticketID, for: acting.principal)
            try await assign(ticketID: ticketID, unit: try ticket.unit.requireID().uuidString, assignee: person, note: nil, by: acting)
        }
    }
}
