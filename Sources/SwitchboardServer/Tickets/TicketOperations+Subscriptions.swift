import Fluent
import Foundation
import SwitchboardCore

/// Subscribing to a ticket: anyone who may read it can ask to be mailed about its public events.
extension TicketOperations {
    /// Subscribes or unsubscribes; doing it twice changes nothing. Answers whether the person
    /// subscribes to the ticket afterwards.
    @discardableResult
    public func setSubscribed(_ subscribed: Bool, ticketID: Int, by acting: Acting) async throws -> Bool {
        guard let userID = acting.principal.userID else {
            throw HelpdeskError.forbidden("Only a signed-in person can subscribe to a ticket.")
        }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            // The ticket's row lock orders concurrent requests of the same person.
            _ = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            let existing = TicketSubscriptionModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$user.$id == userID)
            if subscribed {
                if try await existing.count() == 0 {
                    try await TicketSubscriptionModel(ticketID: ticketID, userID: userID, createdAt: context.now).create(on: database)
                }
            } else {
                try await existing.delete()
            }
            return subscribed
        }
    }
}
