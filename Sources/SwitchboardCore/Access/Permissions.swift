import Foundation

/// What an actor may do with a ticket, as pure functions of (actor, action, ticket).
/// Status changes are decided by `StatusTransitions`; everything else is here.
public enum TicketAction: String, CaseIterable, Sendable {
    case read
    /// See internal diary entries, internal events and internal attachments.
    case seeInternal = "see-internal"
    case commentPublic = "comment-public"
    case commentInternal = "comment-internal"
    /// Route the ticket to another support unit.
    case assignUnit = "assign-unit"
    /// Name the responsible person.
    case assignPerson = "assign-person"
    case changePriority = "change-priority"
    case involve
    case link
    case addAttachment = "add-attachment"
    case addInternalAttachment = "add-internal-attachment"
}

public enum Permissions {
    static let supporters: Set<TicketRole> = [.owningSupporter, .involvedSupporter, .firstLine, .otherSupporter, .admin, .system]
    static let handlers: Set<TicketRole> = [.owningSupporter, .firstLine, .admin, .system]
    static let contributors: Set<TicketRole> = [.owningSupporter, .involvedSupporter, .firstLine, .admin, .system]
    static let participants: Set<TicketRole> = contributors.union([.submitter, .cc])

    /// The roles that may take each action, before the ticket's status is considered.
    public static func roles(allowedTo action: TicketAction) -> Set<TicketRole> {
        switch action {
        // Every supporter may read every ticket (first line must see all to route); a
        // submitter reads their own, people in CC the ones they are copied on.
        case .read: supporters.union([.submitter, .cc])
        // Submitters and CC never see internal entries; supporters do.
        case .seeInternal: supporters
        case .commentPublic, .addAttachment: participants
        case .commentInternal, .addInternalAttachment, .link: contributors
        case .assignUnit, .assignPerson, .changePriority, .involve: handlers
        }
    }

    /// Whether the action is allowed; status-dependent limits included (a verified ticket
    /// can no longer change; routing and priority changes need an open ticket).
    public static func allows(_ actor: Principal, _ action: TicketAction, on ticket: TicketAccess) -> Bool {
        decide(actor, action, on: ticket) == nil
    }

    /// `nil` when allowed; otherwise the reason it is refused.
    public static func decide(_ actor: Principal, _ action: TicketAction, on ticket: TicketAccess) -> Refusal? {
        let held = TicketRole.roles(of: actor, on: ticket)
        guard !held.isDisjoint(with: roles(allowedTo: action)) else {
            return held.isDisjoint(with: roles(allowedTo: .read)) ? .cannotRead : .notPermitted(action)
        }
        if action == .read || action == .seeInternal { return nil }
        if ticket.status == .verified { return .ticketFinal }
        switch action {
        case .assignUnit, .assignPerson, .changePriority, .involve:
            if ticket.status.isTerminal { return .ticketNotOpen(action) }
        default:
            break
        }
        return nil
    }

    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// The actor may not even know the ticket exists: answer as if it did not.
        case cannotRead
        case notPermitted(TicketAction)
        case ticketFinal
        case ticketNotOpen(TicketAction)
        case notEditable(TicketField)

        public var description: String {
            switch self {
            case .cannotRead: "No such ticket."
            case .notPermitted(let action): "You are not allowed to \(action.phrase) on this ticket."
            case .ticketFinal: "A verified ticket can no longer change."
            case .ticketNotOpen(let action): "The ticket is not open: reopen it before you \(action.phrase)."
            case .notEditable(let field): "You are not allowed to change \(field.rawValue) on this ticket."
            }
        }
    }

    // MARK: Actions that are not about one ticket

    /// Creating and editing support units and users.
    public static func mayAdminister(_ actor: Principal) -> Bool { actor.isAdmin }

    /// Adding members to a unit: administrators and the unit's own unit admins.
    public static func mayManageMembers(of unitID: UUID, _ actor: Principal) -> Bool {
        actor.isAdmin || actor.isUnitAdmin(of: unitID)
    }
}


import Foundation

extension TicketAction {
    var phrase: String {
        switch self {
        case .read: "read"
        case .seeInternal: "see internal entries"
        case .commentPublic: "comment"
        case .commentInternal: "write internal notes"
        case .assignUnit: "assign it to a unit"
        case .assignPerson: "name the responsible person"
        case .changePriority: "change the priority"
        case .involve: "involve others"
        case .link: "link tickets"
        case .addAttachment: "add attachments"
        case .addInternalAttachment: "add internal attachments"
        }
    }
}
