import Fluent
import Foundation
import SwitchboardCore

extension Helpdesk {
    /// The rules' view of a user: identity, admin flag, memberships with their units' tiers.
    func actor(for user: UserModel) async throws -> Actor {
        let userID = try user.requireID()
        let memberships = try await MembershipModel.query(on: database)
            .filter(\.$user.$id == userID)
            .with(\.$unit)
            .all()
        return Actor(
            userID: userID,
            email: user.email,
            isAdmin: user.isAdmin,
            memberships: memberships.map { Actor.Membership(unitID: $0.unit.id!, tier: $0.unit.tier, role: $0.role) }
        )
    }

    /// The facts about a ticket that permissions depend on.
    static func access(for ticket: TicketModel, on database: any Database) async throws -> TicketAccess {
        let involvements = try await InvolvementModel.query(on: database).filter(\.$ticket.$id == ticket.requireID()).all()
        return TicketAccess(
            status: ticket.status,
            submitterID: ticket.$submitter.id,
            supportUnitID: ticket.$supportUnit.id,
            assigneeID: ticket.$assignee.id,
            involvedUnitIDs: Set(involvements.compactMap { $0.$unit.id }),
            involvedUserIDs: Set(involvements.compactMap { $0.$user.id }),
            ccAddresses: Set(ticket.cc)
        )
    }

    /// Loads a ticket the actor may read, or answers 404 as if it did not exist.
    static func readableTicket(_ id: Int, by actor: Actor, on database: any Database) async throws -> (TicketModel, TicketAccess) {
        guard let ticket = try await TicketModel.find(id, on: database) else {
            throw HelpdeskError.notFound("Ticket #\(id) does not exist.")
        }
        let access = try await access(for: ticket, on: database)
        guard Permissions.allows(actor, .read, on: access) else {
            throw HelpdeskError.notFound("Ticket #\(id) does not exist.")
        }
        return (ticket, access)
    }

    /// Inside a write transaction: locks the ticket, then checks that the actor may act.
    static func ticketForChange(
        _ id: Int, by actor: Actor, action: TicketAction?, on database: any Database
    ) async throws -> (TicketModel, TicketAccess) {
        try await lockTicket(id, on: database)
        let (ticket, access) = try await readableTicket(id, by: actor, on: database)
        if let action, let refusal = Permissions.decide(actor, action, on: access) {
            throw HelpdeskError.refused(refusal, ticketID: id)
        }
        return (ticket, access)
    }
}
