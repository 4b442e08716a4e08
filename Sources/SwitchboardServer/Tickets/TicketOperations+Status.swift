import Fluent
import Foundation
import SwitchboardCore

extension TicketOperations {
    /// Moves a ticket to another status, if the state machine allows it for this actor.
    @discardableResult
    public func changeStatus(ticketID: Int, to status: TicketStatus, note: String?, by acting: Acting) async throws -> TicketModel {
        var errors = FieldErrors()
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            do throws(StatusTransitions.Refusal) {
                try StatusTransitions.check(from: ticket.status, to: status, roles: TicketRole.roles(of: acting.principal, on: access))
            } catch {
                throw HelpdeskError.refused(error)
            }
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: true, in: context)
            try await TicketLifecycle.setStatus(ticket, to: status, note: noteText, in: context)
            return ticket
        }
    }

    /// Changes the priority; supporters only, always with a public justification.
    @discardableResult
    public func changePriority(ticketID: Int, to priority: TicketPriority, justification: String?, by acting: Acting) async throws -> TicketModel {
        var errors = FieldErrors()
        let reason = TicketRules.validateText(
            justification, field: "justification", required: true, maxLength: TicketRules.justificationMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: .changePriority, in: context)
            guard ticket.priority != priority else {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is already \(priority.rawValue).")
            }
            let previous = ticket.priority
            ticket.setPriority(priority)
            try await TicketLifecycle.touch(ticket, in: context)
            try await EventRecorder.record(
                TicketEventRecord(kind: .priorityChanged, changes: [FieldChange(field: "priority", before: previous.rawValue, after: priority.rawValue)], note: reason),
                on: ticket, in: context)
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            try await ResponseClocks.retarget(ticket, in: context)
            if priority.isHigh && !previous.isHigh {
                let unit = try await context.unit(of: ticket)
                try await HighPriorityAlert.send(ticket, unit: unit, in: context)
            }
            return ticket
        }
    }
}
