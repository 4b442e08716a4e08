import Foundation

/// The facts about one ticket that decide who may do what with it.
public struct TicketAccess: Sendable, Equatable {
    public var status: TicketStatus
    public var submitterID: UUID
    public var supportUnitID: UUID
    public var assigneeID: UUID?
    public var involvedUnitIDs: Set<UUID>
    public var involvedUserIDs: Set<UUID>
    /// Lower-cased CC addresses.
    public var ccAddresses: Set<String>

    public init(
        status: TicketStatus,
        submitterID: UUID,
        supportUnitID: UUID,
        assigneeID: UUID? = nil,
        involvedUnitIDs: Set<UUID> = [],
        involvedUserIDs: Set<UUID> = [],
        ccAddresses: Set<String> = []
    ) {
        self.status = status
        self.submitterID = submitterID
        self.supportUnitID = supportUnitID
        self.assigneeID = assigneeID
        self.involvedUnitIDs = involvedUnitIDs
        self.involvedUserIDs = involvedUserIDs
        self.ccAddresses = Set(ccAddresses.map { $0.lowercased() })
    }
}

/// The ways an actor can stand towards a ticket. One actor may hold several at once;
/// an action is allowed when any of them allows it.
public enum TicketRole: String, CaseIterable, Sendable, Hashable {
    /// Opened the ticket.
    case submitter
    /// Listed in the ticket's CC addresses.
    case cc
    /// Member of the unit the ticket is assigned to, or its responsible person.
    case owningSupporter = "owning-supporter"
    /// Member of an involved unit, or an involved person.
    case involvedSupporter = "involved-supporter"
    /// Member of a first-line (triage) unit.
    case firstLine = "first-line"
    /// Member of some other support unit, with no part in this ticket.
    case otherSupporter = "other-supporter"
    case admin
    /// The automated processes.
    case system

    /// Every role the actor holds towards the ticket.
    public static func roles(of actor: Principal, on ticket: TicketAccess) -> Set<TicketRole> {
        if actor.isSystem { return [.system] }
        var roles: Set<TicketRole> = []
        if actor.userID == ticket.submitterID { roles.insert(.submitter) }
        if let email = actor.email?.lowercased(), ticket.ccAddresses.contains(email) { roles.insert(.cc) }
        if actor.isMember(of: ticket.supportUnitID) || (actor.userID != nil && actor.userID == ticket.assigneeID) {
            roles.insert(.owningSupporter)
        }
        let inInvolvedUnit = actor.memberships.contains { ticket.involvedUnitIDs.contains($0.unitID) }
        if inInvolvedUnit || actor.userID.map(ticket.involvedUserIDs.contains) == true {
            roles.insert(.involvedSupporter)
        }
        if actor.isFirstLine { roles.insert(.firstLine) }
        if actor.isSupporter && roles.isDisjoint(with: [.owningSupporter, .involvedSupporter, .firstLine]) {
            roles.insert(.otherSupporter)
        }
        if actor.isAdmin { roles.insert(.admin) }
        return roles
    }
}
