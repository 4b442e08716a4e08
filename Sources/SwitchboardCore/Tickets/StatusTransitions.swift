/// The ticket status state machine as an explicit table: for each target status, from
/// which statuses and by whom it may be entered (DESIGN.md §2).
///
/// Two statuses are never entered through a status change: `new` is set only on creation
/// and `assigned` only when the ticket is routed to a unit (the routing rule is
/// `StatusTransitions.routing`).
public enum StatusTransitions {
    public struct Rule: Sendable {
        public var from: Set<TicketStatus>
        public var to: TicketStatus
        public var by: Set<TicketRole>
    }

    /// Roles that work on a ticket: its unit, triage, administrators.
    static let handlers: Set<TicketRole> = [.owningSupporter, .firstLine, .admin]
    static let open = Set(TicketStatus.openStatuses)
    static let openButWaiting = open.subtracting([.waitingForReply])

    /// Every allowed status change. Anything not listed is refused.
    public static let table: [Rule] = [
        Rule(from: open.subtracting([.inProgress]), to: .inProgress, by: handlers.union([.system])),
        // A submitter's reply to a question moves the ticket back into work.
        Rule(from: [.waitingForReply], to: .inProgress, by: [.submitter]),
        Rule(from: openButWaiting, to: .waitingForReply, by: handlers),
        Rule(from: open.subtracting([.onHold]), to: .onHold, by: handlers.union([.system])),
        Rule(from: open, to: .solved, by: handlers.union([.system])),
        Rule(from: open, to: .unsolved, by: handlers.union([.system])),
        // The submitter may reopen at any time, also a ticket closed by the
        // waiting-for-submitter process; supporters may take back their own solution.
        Rule(from: [.solved, .unsolved, .closed], to: .reopened, by: [.submitter]),
        Rule(from: [.solved, .unsolved], to: .reopened, by: handlers),
        Rule(from: [.solved, .unsolved], to: .verified, by: [.submitter]),
        Rule(from: [.solved, .unsolved], to: .closed, by: [.system, .admin]),
    ]

    /// Routing to a unit sets `assigned` from any open status.
    public static let routing = Rule(from: open, to: .assigned, by: handlers.union([.system]))

    /// A fix that reaches production closes the open tickets waiting for it (seed 000,
    /// "Accepting a component release and closing tickets"): only the release closure does this.
    public static let releaseClosure = Rule(from: open, to: .closed, by: [.system])

    /// Why a status change was refused.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case unchanged(TicketStatus)
        case final(TicketStatus)
        case setByCreationOnly
        case setByRoutingOnly
        case notFromStatus(from: TicketStatus, to: TicketStatus)
        case notAllowedForRole(from: TicketStatus, to: TicketStatus, allowed: Set<TicketRole>)

        public var description: String {
            switch self {
            case .unchanged(let status):
                "The ticket is already \(status.rawValue)."
            case .final(let status):
                "A \(status.rawValue) ticket can no longer change."
            case .setByCreationOnly:
                "The status 'new' is only set when a ticket is created."
            case .setByRoutingOnly:
                "The status 'assigned' is set by assigning the ticket to a support unit; use the assignment instead."
            case .notFromStatus(let from, let to):
                "A ticket cannot go from \(from.rawValue) to \(to.rawValue)."
            case .notAllowedForRole(let from, let to, let allowed):
                "Only \(describe(allowed)) may move a ticket from \(from.rawValue) to \(to.rawValue)."
            }
        }

        private func describe(_ roles: Set<TicketRole>) -> String {
            let names = roles.filter { $0 != .system }.map(\.phrase).sorted()
            if names.isEmpty { return "the automated processes" }
            return names.joined(separator: ", ")
        }
    }

    /// Checks a status change by an actor holding `roles`; throws a `Refusal` saying why not.
    public static func check(from: TicketStatus, to: TicketStatus, roles: Set<TicketRole>) throws(Refusal) {
        if from == .verified { throw .final(from) }
        if from == to { throw .unchanged(from) }
        if to == .new { throw .setByCreationOnly }
        if to == .assigned { throw .setByRoutingOnly }
        let rules = table.filter { $0.to == to && $0.from.contains(from) }
        if rules.isEmpty { throw .notFromStatus(from: from, to: to) }
        let allowed = rules.reduce(into: Set<TicketRole>()) { $0.formUnion($1.by) }
        if allowed.isDisjoint(with: roles) {
            throw .notAllowedForRole(from: from, to: to, allowed: allowed)
        }
    }

    public static func isAllowed(from: TicketStatus, to: TicketStatus, roles: Set<TicketRole>) -> Bool {
        (try? check(from: from, to: to, roles: roles)) != nil
    }

    /// The statuses an actor holding `roles` may move a ticket to from `status` (for forms).
    public static func targets(from status: TicketStatus, roles: Set<TicketRole>) -> [TicketStatus] {
        TicketStatus.allCases.filter { isAllowed(from: status, to: $0, roles: roles) }
    }

    /// A submitter's public reply to a question moves the ticket back into work: the status it
    /// then takes, or nil when the reply changes no status.
    public static func statusAfterReply(from status: TicketStatus, roles: Set<TicketRole>, visibility: Visibility) -> TicketStatus? {
        guard status == .waitingForReply, visibility == .public, roles.contains(.submitter) else { return nil }
        return .inProgress
    }

    /// Whether routing to a unit is allowed from `status` for `roles`.
    public static func checkRouting(from status: TicketStatus, roles: Set<TicketRole>) throws(Refusal) {
        if status == .verified { throw .final(status) }
        guard routing.from.contains(status) else { throw .notFromStatus(from: status, to: .assigned) }
        if routing.by.isDisjoint(with: roles) {
            throw .notAllowedForRole(from: status, to: .assigned, allowed: routing.by)
        }
    }
}

extension TicketRole {
    /// How a refusal names the role to a person.
    var phrase: String {
        switch self {
        case .submitter: "the submitter"
        case .cc: "people in CC"
        case .owningSupporter: "supporters of the ticket's unit"
        case .involvedSupporter: "supporters of an involved unit"
        case .firstLine: "first-line supporters"
        case .otherSupporter: "other supporters"
        case .admin: "administrators"
        case .system: "the automated processes"
        }
    }
}
