/// How two tickets relate. Links are stored from the ticket they were made on (`source`)
/// to the other (`target`); `inverse` names the same link as seen from the target.
public enum TicketLinkKind: String, Codable, CaseIterable, Sendable {
    /// A plain cross-reference.
    case related
    /// The source is the master of the target (which goes on hold and is solved with it).
    case masterOf = "master-of"
    /// The source is a slave of the target.
    case slaveOf = "slave-of"
    /// The source is the parent of the target (the parent waits on hold for its children).
    case parentOf = "parent-of"
    /// The source is a child of the target.
    case childOf = "child-of"
    /// The source duplicates the target.
    case duplicateOf = "duplicate-of"
    /// The target duplicates the source.
    case duplicatedBy = "duplicated-by"

    public var inverse: TicketLinkKind {
        switch self {
        case .related: .related
        case .masterOf: .slaveOf
        case .slaveOf: .masterOf
        case .parentOf: .childOf
        case .childOf: .parentOf
        case .duplicateOf: .duplicatedBy
        case .duplicatedBy: .duplicateOf
        }
    }
}
