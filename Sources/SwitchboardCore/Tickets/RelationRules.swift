/// How linked tickets move together (DESIGN.md §2): slaves wait on hold and are solved with
/// their master; a parent waits on hold and goes back into work when its last child is solved.
public enum RelationRules {
    /// The status a ticket takes when it becomes a slave or a parent, or nil to leave it.
    public static func statusOnBecomingDependent(_ status: TicketStatus) -> TicketStatus? {
        status.isOpen && status != .onHold ? .onHold : nil
    }

    /// The status a slave takes when its master enters `masterStatus`, or nil to leave it.
    public static func slaveStatus(afterMasterEntered masterStatus: TicketStatus, slave status: TicketStatus) -> TicketStatus? {
        masterStatus == .solved && status.isOpen ? .solved : nil
    }

    /// The status a parent takes given all its children's statuses, or nil to leave it: back
    /// in progress once it waits on hold and none of its children is open any more.
    public static func parentStatus(parent: TicketStatus, children: [TicketStatus]) -> TicketStatus? {
        guard parent == .onHold, !children.isEmpty, children.allSatisfy({ !$0.isOpen }) else { return nil }
        return .inProgress
    }

    /// Which side of a link depends on the other: for master/slave the slave, for
    /// parent/child the parent. `source` and `target` as the link is stored.
    public static func dependent(of kind: TicketLinkKind, source: Int, target: Int) -> (dependent: Int, on: Int, relation: Relation)? {
        switch kind {
        case .masterOf: (target, source, .slaveOfMaster)
        case .slaveOf: (source, target, .slaveOfMaster)
        case .parentOf: (source, target, .parentOfChild)
        case .childOf: (target, source, .parentOfChild)
        case .related, .duplicateOf, .duplicatedBy: nil
        }
    }

    public enum Relation: String, Sendable {
        case slaveOfMaster = "master-slave"
        case parentOfChild = "parent-child"
    }
}
