import Fluent
import Foundation
import SwitchboardCore

/// Loading TicketPage's model through the helpdesk's operations.
extension TicketPage {
    static func query(_ helpdesk: Helpdesk, id: Int, actor: Principal) async throws -> Model {
        let detail = try await helpdesk.ticketQueries.ticketDetail(id, for: actor)
        let history = try await helpdesk.ticketQueries.history(ofTicket: id, includeInternal: detail.readerSeesInternal)
        let ticket = detail.ticket
        let access = detail.access
        let roles = TicketRole.roles(of: actor, on: access)
        func allowed(_ action: TicketAction) -> Bool { Permissions.allows(actor, action, on: access) }

        var can = Capabilities()
        can.seesInternal = detail.readerSeesInternal
        can.reply = allowed(.commentPublic)
        can.internalNote = allowed(.commentInternal)
        can.assignUnit = allowed(.assignUnit) && (try? StatusTransitions.checkRouting(from: ticket.status, roles: roles)) != nil
        can.assignPerson = allowed(.assignPerson)
        can.statusTargets = StatusTransitions.targets(from: ticket.status, roles: roles)
        can.changePriority = allowed(.changePriority)
        can.involve = allowed(.involve)
        can.link = allowed(.link)
        can.attach = allowed(.addAttachment)
        can.attachInternal = allowed(.addInternalAttachment)
        can.setETA = Permissions.decideEdit(actor, .eta, on: access) == nil && ticket.status.isOpen
        can.recordFix = (roles.contains(.owningSupporter) || roles.contains(.admin)) && ticket.status.isOpen && detail.unit.tier != .release
        if roles.contains(.submitter) && ticket.status.isOpen {
            if let refusal = try await helpdesk.escalation.escalationRefusal(ticket, access: access, principal: actor) {
                can.escalationRefusal = refusal.description
            } else {
                can.escalateStep = (ticket.escalationStep ?? 0) + 1
            }
        }

        can.editableFields = TicketField.allCases.filter { $0 != .eta && Permissions.decideEdit(actor, $0, on: access) == nil }
        if !roles.contains(.submitter), actor.userID != nil {
            can.subscribed = try await helpdesk.ticketQueries.isSubscribed(ticketID: id, readBy: actor)
        }

        let attachmentNames = Dictionary(uniqueKeysWithValues: try detail.attachments.map { (try $0.requireID(), $0.filename) })
        var details: [(String, String)] = []
        for (label, value) in [("Affected site", ticket.affectedSite), ("VO", ticket.virtualOrganisation), ("Component", ticket.component),
                               ("Component version", ticket.componentVersion), ("Fixed in", ticket.fixedVersion),
                               ("ETA", ticket.eta.map(Format.absolute)), ("CC", ticket.cc.isEmpty ? nil : ticket.cc.joined(separator: ", "))] {
            if let value { details.append((label, value)) }
        }
        var model = Model(
            id: id, subject: ticket.subject, description: ticket.description, status: ticket.status, priority: ticket.priority,
            category: ticket.category, unitName: detail.unit.name, unitTier: detail.unit.tier, assigneeName: detail.assignee?.displayName,
            submitterName: detail.submitter.displayName,
            involved: detail.involvedUnits.map(\.name) + detail.involvedUsers.map(\.displayName),
            links: detail.links.map { (kind: $0.kind, ticket: $0.ticketID) },
            details: details, createdAt: ticket.createdAt, updatedAt: ticket.updatedAt(seesInternal: detail.readerSeesInternal),
            entries: history.map { item in
                Entry(kind: item.event.kind, visibility: item.event.visibility, actorName: item.event.actorName, at: item.event.at,
                      changes: item.event.changes, note: item.event.note, commentBody: item.commentBody, commentQuoted: item.commentQuoted,
                      attachment: item.event.$attachment.id.flatMap { id in attachmentNames[id].map { (id: id, filename: $0) } },
                      rule: item.event.rule)
            },
            attachments: try detail.attachments.map { Attachment(id: try $0.requireID(), filename: $0.filename, size: $0.size, visibility: $0.visibility, createdAt: $0.createdAt) },
            can: can,
            response: ticket.responseStartedAt.flatMap { started in
                ticket.responseDueAt.map { Response(colour: ticket.responseColour(at: helpdesk.clock.now()), startedAt: started, dueAt: $0, respondedAt: ticket.respondedAt) }
            },
            attention: HighPriorityRules.missing(priority: ticket.priority, status: ticket.status, tier: detail.unit.tier,
                                                 hasResponsible: ticket.$assignee.id != nil, hasETA: ticket.eta != nil),
            escalationStep: ticket.escalationStep ?? 0,
            eta: ticket.eta)
        for field in can.editableFields {
            model.fieldValues[field] = TicketOperations.value(of: field, in: ticket)
        }
        if detail.readerSeesInternal {
            // The high-priority flags are said by the attention notice already.
            model.sweepFlags = try await helpdesk.sweep.flags(of: ticket, unit: detail.unit)
                .filter { $0 != .highPriorityWithoutResponsible && $0 != .highPriorityWithoutETA }
        }
        if can.assignUnit || can.involve { model.unitChoices = try await helpdesk.units.unitChoices() }
        if can.assignPerson {
            model.unitMembers = try await helpdesk.units.members(ofUnit: try detail.unit.requireID())
                .map { Forms.Option(value: try $0.user.requireID().uuidString, label: $0.user.displayName) }
        }
        if can.involve {
            model.supporters = try await helpdesk.units.supporters().map { Forms.Option(value: try $0.requireID().uuidString, label: $0.displayName) }
        }
        model.fixedComponent = ticket.fixedComponent
        model.fixedVersion = ticket.fixedVersion
        model.closedByRelease = ticket.closedByReleaseID
        if can.recordFix {
            model.components = try await helpdesk.products.componentNames().map { Forms.Option(value: $0, label: $0) }
        }
        try await loadRequirement(into: &model, ticket: ticket, helpdesk: helpdesk, actor: actor)
        try await loadKnownIssues(into: &model, helpdesk: helpdesk, actor: actor)
        return model
    }
}
