import Fluent
import Foundation
import SwitchboardCore

/// Subscribing to a ticket: anyone who may read it can ask to be mailed about its public events.
extension Helpdesk {
    public func isSubscribed(ticketID: Int, actor: Actor) async throws -> Bool {
        _ = try await Self.readableTicket(ticketID, by: actor, on: database)
        return try await isSubscribed(ticketID: ticketID, readBy: actor)
    }

    /// For a reader whose access to the ticket was already checked (the ticket page).
    func isSubscribed(ticketID: Int, readBy actor: Actor) async throws -> Bool {
        guard let userID = actor.userID else { return false }
        return try await TicketSubscriptionModel.query(on: database)
            .filter(\.$ticket.$id == ticketID).filter(\.$user.$id == userID).count() > 0
    }

    /// Subscribes or unsubscribes; doing it twice changes nothing. Answers whether the actor
    /// subscribes to the ticket afterwards.
    @discardableResult
    public func setSubscribed(_ subscribed: Bool, ticketID: Int, actor: Actor) async throws -> Bool {
        guard let userID = actor.userID else {
            throw HelpdeskError.forbidden("Only a signed-in person can subscribe to a ticket.")
        }
        let now = clock.now()
        return try await write { database in
            // The ticket's row lock orders concurrent requests of the same person.
            _ = try await Self.ticketForChange(ticketID, by: actor, action: nil, on: database)
            let existing = TicketSubscriptionModel.query(on: database).filter(\.$ticket.$id == ticketID).filter(\.$user.$id == userID)
            if subscribed {
                if try await existing.count() == 0 {
                    try await TicketSubscriptionModel(ticketID: ticketID, userID: userID, createdAt: now).create(on: database)
                }
            } else {
                try await existing.delete()
            }
            return subscribed
        }
    }

    /// The addresses of the people who subscribe to a ticket.
    static func subscriberAddresses(ofTicket ticketID: Int, on database: any Database) async throws -> [String] {
        try await TicketSubscriptionModel.query(on: database)
            .filter(\.$ticket.$id == ticketID)
            .join(UserModel.self, on: \TicketSubscriptionModel.$user.$id == \UserModel.$id)
            .sort(\.$createdAt)
            .all()
            .map { try $0.joined(UserModel.self).email }
    }
}
