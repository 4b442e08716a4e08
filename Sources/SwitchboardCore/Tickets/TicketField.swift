/// The ticket values that can be edited after filing, each with who may edit it. The
/// description is the original report and stays as written; status, priority, unit and
/// responsible person change through their own operations.
public enum TicketField: String, CaseIterable, Sendable, Codable {
    case subject
    case affectedSite
    case vo
    case component
    case componentVersion
    case cc
    case notificationMode
    /// The expected fix date, set by second line on very urgent and top-priority tickets.
    case eta
    /// The component release that fixes the ticket.
    case fixedVersion

    /// Roles that may edit the field (a verified ticket can no longer change at all).
    public var editors: Set<TicketRole> {
        let handlers: Set<TicketRole> = [.owningSupporter, .firstLine, .admin, .system]
        switch self {
        case .subject, .affectedSite, .vo, .component, .componentVersion, .cc:
            return handlers.union([.submitter])
        case .notificationMode:
            // The submitter's own preference.
            return [.submitter, .admin]
        case .eta, .fixedVersion:
            return handlers
        }
    }
}

extension Permissions {
    /// `nil` when the actor may edit the field; otherwise why not.
    public static func decideEdit(_ actor: Principal, _ field: TicketField, on ticket: TicketAccess) -> Refusal? {
        let held = TicketRole.roles(of: actor, on: ticket)
        if held.isDisjoint(with: roles(allowedTo: .read)) { return .cannotRead }
        if ticket.status == .verified { return .ticketFinal }
        return held.isDisjoint(with: field.editors) ? .notEditable(field) : nil
    }
}
