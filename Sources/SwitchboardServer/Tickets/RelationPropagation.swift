import Fluent
import Foundation
import SwitchboardCore

/// What linked tickets do when one of them changes (DESIGN.md §3): a dependent ticket waits on
/// hold; slaves follow a solved master; a parent on hold goes back into work when its last
/// child is done. The system makes these changes, inside the change that caused them.
enum RelationPropagation {
    /// After a master/slave or parent/child link: the dependent ticket waits on hold.
    static func holdDependent(of link: TicketLinkModel, in context: ChangeContext) async throws {
        guard let relation = RelationRules.dependent(of: link.kind, source: link.$source.id, target: link.$target.id),
              let ticket = try await TicketModel.find(relation.dependent, on: context.database),
              let next = RelationRules.statusOnBecomingDependent(ticket.status) else { return }
        let reason = relation.relation == .slaveOfMaster
            ? "Waits on hold: it is solved together with its master #\(relation.on)."
            : "Waits on hold until its child tickets are done (#\(relation.on) among them)."
        try await setStatusBySystem(ticket, to: next, note: reason, rule: relation.relation.rawValue, depth: 0, in: context)
    }

    /// After a status change of `ticket`: its dependent tickets follow where the rules say so.
    static func propagate(from ticket: TicketModel, depth: Int, in context: ChangeContext) async throws {
        guard depth < 20 else { return }
        let database = context.database
        let id = try ticket.requireID()
        let links = try await TicketLinkModel.query(on: database)
            .group(.or) { $0.filter(\.$source.$id == id).filter(\.$target.$id == id) }.all()
        for link in links {
            guard let relation = RelationRules.dependent(of: link.kind, source: link.$source.id, target: link.$target.id), relation.on == id else { continue }
            try await TicketLookup.lock(relation.dependent, on: database)
            guard let dependent = try await TicketModel.find(relation.dependent, on: database) else { continue }
            switch relation.relation {
            case .slaveOfMaster:
                if let next = RelationRules.slaveStatus(afterMasterEntered: ticket.status, slave: dependent.status) {
                    try await setStatusBySystem(dependent, to: next, note: "Solved together with its master #\(id).",
                                                rule: relation.relation.rawValue, depth: depth + 1, in: context)
                }
            case .parentOfChild:
                let children = try await childStatuses(of: relation.dependent, on: database)
                if let next = RelationRules.parentStatus(parent: dependent.status, children: children) {
                    try await setStatusBySystem(dependent, to: next, note: "All its child tickets are done.",
                                                rule: relation.relation.rawValue, depth: depth + 1, in: context)
                }
            }
        }
    }

    /// The statuses of every child of a parent ticket.
    static func childStatuses(of parentID: Int, on database: any Database) async throws -> [TicketStatus] {
        let links = try await TicketLinkModel.query(on: database)
            .group(.or) { $0.filter(\.$source.$id == parentID).filter(\.$target.$id == parentID) }.all()
        let childIDs = links.compactMap { link -> Int? in
            guard let relation = RelationRules.dependent(of: link.kind, source: link.$source.id, target: link.$target.id),
                  relation.relation == .parentOfChild, relation.dependent == parentID else { return nil }
            return relation.on
        }
        guard !childIDs.isEmpty else { return [] }
        return try await TicketModel.query(on: database).filter(\.$id ~~ childIDs).all().map(\.status)
    }

    /// A status change by the system, if the state machine allows it.
    private static func setStatusBySystem(
        _ ticket: TicketModel, to status: TicketStatus, note: String, rule: String, depth: Int, in context: ChangeContext
    ) async throws {
        guard StatusTransitions.isAllowed(from: ticket.status, to: status, roles: [.system]) else { return }
        try await TicketLifecycle.setStatus(ticket, to: status, note: note, rule: rule, depth: depth, in: context.by(.system))
    }
}
