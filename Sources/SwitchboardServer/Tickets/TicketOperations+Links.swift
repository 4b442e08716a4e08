import Fluent
import Foundation
import SwitchboardCore

extension TicketOperations {
    /// Links two tickets. The link is recorded on both, each from its own side.
    @discardableResult
    public func link(ticketID: Int, kind: TicketLinkKind, to otherID: Int, by acting: Acting) async throws -> TicketLinkModel {
        guard otherID != ticketID else { throw HelpdeskError.invalid("ticket", "A ticket cannot be linked to itself.") }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            // Lock in a fixed order, so that two links made at once cannot deadlock.
            try await TicketLookup.lock(min(ticketID, otherID), on: database)
            let (ticket, _) = try await TicketLookup.forChange(ticketID, action: .link, in: context)
            let other: TicketModel
            do {
                (other, _) = try await TicketLookup.readable(otherID, by: acting.principal, on: database)
            } catch HelpdeskError.notFound {
                throw HelpdeskError.invalid("ticket", "Ticket #\(otherID) does not exist.")
            }
            let existing = try await TicketLinkModel.query(on: database).group(.or) { either in
                either.group(.and) { $0.filter(\.$source.$id == ticketID).filter(\.$target.$id == otherID) }
                either.group(.and) { $0.filter(\.$source.$id == otherID).filter(\.$target.$id == ticketID) }
            }.first()
            if existing != nil {
                throw HelpdeskError.conflict("Tickets #\(ticketID) and #\(otherID) are already linked.")
            }
            try await TicketLookup.lock(max(ticketID, otherID), on: database)
            let link = TicketLinkModel(sourceID: ticketID, targetID: otherID, kind: kind, createdAt: context.now)
            try await link.create(on: database)
            for (side, seen, number) in [(ticket, kind, otherID), (other, kind.inverse, ticketID)] {
                try await TicketLifecycle.touch(side, in: context)
                try await EventRecorder.record(
                    TicketEventRecord(kind: .linked, changes: [FieldChange(field: seen.rawValue, before: nil, after: "#\(number)")]),
                    on: side, in: context)
            }
            try await RelationPropagation.holdDependent(of: link, in: context)
            return link
        }
    }
}
