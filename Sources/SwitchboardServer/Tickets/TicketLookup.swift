import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Finding a ticket for someone: what its permissions depend on, whether they may read it,
/// and, inside a change, the ticket locked and checked for the action.
enum TicketLookup {
    /// The facts about a ticket that permissions depend on.
    static func access(for ticket: TicketModel, on database: any Database) async throws -> TicketAccess {
        let involvements = try await InvolvementModel.query(on: database).filter(\.$ticket.$id == ticket.requireID()).all()
        return access(for: ticket, involvements: involvements)
    }

    /// The same facts, for a ticket whose involvements are known (a new ticket has none).
    static func access(for ticket: TicketModel, involvements: [InvolvementModel]) -> TicketAccess {
        TicketAccess(
            status: ticket.status,
            submitterID: ticket.$submitter.id,
            supportUnitID: ticket.$supportUnit.id,
            assigneeID: ticket.$assignee.id,
            involvedUnitIDs: Set(involvements.compactMap { $0.$unit.id }),
            involvedUserIDs: Set(involvements.compactMap { $0.$user.id }),
            ccAddresses: Set(ticket.cc)
        )
    }

    /// Loads a ticket the principal may read, or answers 404 as if it did not exist.
    static func readable(_ id: Int, by principal: Principal, on database: any Database) async throws -> (TicketModel, TicketAccess) {
        guard let ticket = try await TicketModel.find(id, on: database) else {
            throw HelpdeskError.notFound("Ticket #\(id) does not exist.")
        }
        let access = try await access(for: ticket, on: database)
        guard Permissions.allows(principal, .read, on: access) else {
            throw HelpdeskError.notFound("Ticket #\(id) does not exist.")
        }
        return (ticket, access)
    }

    /// Inside a change: locks the ticket, then checks that the acting person may read it and,
    /// when an action is named, take it.
    static func forChange(_ id: Int, action: TicketAction?, in context: ChangeContext) async throws -> (TicketModel, TicketAccess) {
        let principal = context.acting.principal
        try await lock(id, on: context.database)
        let (ticket, access) = try await readable(id, by: principal, on: context.database)
        if let action, let refusal = Permissions.decide(principal, action, on: access) {
            throw HelpdeskError.refused(refusal, ticketID: id)
        }
        return (ticket, access)
    }

    /// On PostgreSQL, locks the ticket's row until the transaction ends, so that concurrent
    /// changes of one ticket apply one after the other. (SQLite writers are already serial.)
    static func lock(_ id: Int, on database: any Database) async throws {
        try await lock([id], on: database)
    }

    /// Locks several tickets' rows, in the order of their numbers (as every locker takes them).
    static func lock(_ ids: [Int], on database: any Database) async throws {
        guard !ids.isEmpty, let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM tickets WHERE id IN (\(binds: ids)) ORDER BY id FOR UPDATE").run()
    }
}
