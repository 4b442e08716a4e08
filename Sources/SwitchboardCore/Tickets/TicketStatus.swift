/// The life cycle of a ticket (DESIGN.md §2). Which moves are allowed, and for whom,
/// is decided by `StatusTransitions`.
public enum TicketStatus: String, Codable, CaseIterable, Sendable {
    /// Set on creation, never entered again.
    case new
    /// Set whenever the ticket is routed to a unit.
    case assigned
    case inProgress = "in-progress"
    /// A supporter asked the submitter something; only a supporter sets it.
    case waitingForReply = "waiting-for-reply"
    case onHold = "on-hold"
    case reopened
    case solved
    case unsolved
    /// Confirmed by the submitter; final.
    case verified
    /// Set automatically some working days after solved/unsolved.
    case closed

    /// Open statuses still need work; the others end the ticket's active life.
    public var isOpen: Bool {
        switch self {
        case .new, .assigned, .inProgress, .waitingForReply, .onHold, .reopened: true
        case .solved, .unsolved, .verified, .closed: false
        }
    }

    public var isTerminal: Bool { !isOpen }

    public static let openStatuses: [TicketStatus] = allCases.filter(\.isOpen)
    public static let terminalStatuses: [TicketStatus] = allCases.filter(\.isTerminal)
}
