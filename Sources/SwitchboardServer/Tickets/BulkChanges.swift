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
