import Fluent
import Foundation
import SwitchboardCore

extension ReleaseOperations {
    /// The product team's "fixed in this version": records the fixed component and version and
    /// hands the ticket to the release unit in one change. The status stays; the team's response
    /// clock stops (the release unit works best effort); the submitter is told in a public note
    /// which version carries the fix. Members of the ticket's unit and administrators may do it.
    @discardableResult
    public func recordFix(ticketID: Int, component: String?, version: String?, note: String?, by acting: Acting) async throws -> TicketModel {
        let version = (version ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FieldErrors()
        if (component ?? "").isEmpty { errors.add("component", "Name the component the fix is in.") }
        if !RPMVersion.isWellFormed(version) || version.count > 120 {
            errors.add("version", "A version is [epoch:]version[-release]: letters, digits and ._+~^:- only.")
        }
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            let roles = TicketRole.roles(of: context.acting.principal, on: access)
            guard roles.contains(.owningSupporter) || roles.contains(.admin) else {
                throw HelpdeskError.forbidden("Only the unit working on ticket #\(ticketID) records its fix.")
            }
            guard ticket.status.isOpen else {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is \(ticket.status.rawValue); only an open ticket waits for its fix.")
            }
            guard let releaseUnit = try await Self.releaseUnit(context.configuration.releases, on: database) else {
                throw HelpdeskError.conflict("There is no release unit to hand the ticket to; an administrator creates one (tier release).")
            }
            let previousUnit = try await context.unit(of: ticket)
            if previousUnit.id == releaseUnit.id {
                throw HelpdeskError.conflict("Ticket #\(ticketID) waits in \(releaseUnit.name) already.")
            }
            guard let fixed = try await ProductOperations.component(component ?? "", on: database) else {
                throw HelpdeskError.invalid("component", "There is no component '\(component ?? "")' in the catalogue.")
            }
            let previousAssignee = try await ticket.$assignee.current(on: database)?.displayName
            var changes = [
                FieldChange(field: "supportUnit", before: previousUnit.name, after: releaseUnit.name),
                FieldChange(field: "fromTier", before: nil, after: previousUnit.tier.rawValue),
                FieldChange(field: "toTier", before: nil, after: releaseUnit.tier.rawValue),
                FieldChange(field: "fixedComponent", before: ticket.fixedComponent, after: fixed.name),
                FieldChange(field: "fixedVersion", before: ticket.fixedVersion, after: version),
            ]
            if let previousAssignee { changes.append(FieldChange(field: "assignee", before: previousAssignee, after: nil)) }
            // The team's reaction is the fix. The release unit has no response target (whatever
            // level it names): no clock starts for it.
            try await ResponseClocks.end(ticket, respondedAt: context.now, in: context)
            ticket.fixedComponent = fixed.name
            ticket.fixedVersion = version
            ticket.fixedAt = context.now
            ticket.$supportUnit.id = try releaseUnit.requireID()
            ticket.$assignee.id = nil
            ticket.escalationStep = 0
            ticket.escalatedAt = nil
            try await TicketLifecycle.touch(ticket, in: context)
            try await EventRecorder.record(
                TicketEventRecord(kind: .assignedToUnit, changes: changes, rule: "fix-recorded"), on: ticket, in: context)
            let told = "The fix is released in \(fixed.name) \(version). The ticket waits with \(releaseUnit.name) until that version "
                + "(or a newer one) reaches production, and is closed then."
            try await TicketLifecycle.appendComment(told + (noteText.map { "\n\n\($0)" } ?? ""), visibility: .public, to: ticket, in: context)
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            return ticket
        }
    }
}
