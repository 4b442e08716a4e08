import Fluent
import Foundation
import SwitchboardCore

extension TicketOperations {
    /// Routes a ticket to a unit and/or names its responsible person. A new unit sets the
    /// status to `assigned` and clears the previous unit's responsible person.
    @discardableResult
    public func assign(
        ticketID: Int, unit unitReference: String?, assignee: UUID?, note: String?, noteVisibility: Visibility = .public,
        by acting: Acting
    ) async throws -> TicketModel {
        var errors = FieldErrors()
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        if (unitReference ?? "").isEmpty { errors.add("supportUnit", "The support unit is required.") }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            guard let unit = try await context.catalog().unit(unitReference!) else {
                throw HelpdeskError.invalid("supportUnit", "There is no support unit '\(unitReference!)'.")
            }
            let unitID = try unit.requireID()
            let movesUnit = unitID != ticket.$supportUnit.id
            if movesUnit {
                if let refusal = Permissions.decide(acting.principal, .assignUnit, on: access) {
                    throw HelpdeskError.refused(refusal, ticketID: ticketID)
                }
                do throws(StatusTransitions.Refusal) {
                    try StatusTransitions.checkRouting(from: ticket.status, roles: TicketRole.roles(of: acting.principal, on: access))
                } catch {
                    throw HelpdeskError.refused(error)
                }
            } else if assignee == nil {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is already assigned to \(unit.name).")
            }
            var newAssignee: UserModel?
            if let assignee {
                if let refusal = Permissions.decide(acting.principal, .assignPerson, on: access) {
                    throw HelpdeskError.refused(refusal, ticketID: ticketID)
                }
                let isMember = try await MembershipModel.query(on: database)
                    .filter(\.$unit.$id == unitID).filter(\.$user.$id == assignee).first() != nil
                guard isMember, let person = try await UserModel.find(assignee, on: database) else {
                    throw HelpdeskError.invalid("assignee", "The responsible person must be a member of \(unit.name).")
                }
                if !movesUnit && ticket.$assignee.id == assignee {
                    throw HelpdeskError.conflict("\(person.displayName) is already responsible for ticket #\(ticketID).")
                }
                newAssignee = person
            }

            let previousAssigneeName = try await ticket.$assignee.current(on: database)?.displayName
            if movesUnit {
                try await Self.route(ticket, to: unit, assignee: newAssignee, previousAssignee: previousAssigneeName, in: context)
            }
            if let newAssignee {
                ticket.$assignee.id = newAssignee.id
                try await TicketLifecycle.touch(ticket, in: context)
                try await EventRecorder.record(
                    TicketEventRecord(kind: .assignedToPerson, changes: [
                        FieldChange(field: "assignee", before: movesUnit ? nil : previousAssigneeName, after: newAssignee.displayName),
                        // Names change and repeat; the id says who it was (the history export reads it).
                        FieldChange(field: "assigneeID", before: nil, after: newAssignee.id?.uuidString),
                    ]),
                    on: ticket, in: context)
            }
            if let noteText {
                try await TicketLifecycle.appendComment(noteText, visibility: noteVisibility, to: ticket, in: context)
            }
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            return ticket
        }
    }

    /// Inside a change: moves a ticket to another unit (status `assigned`, the previous unit's
    /// responsible person cleared unless `assignee` is given), ends the previous unit's clock
    /// and starts the new one's, and records the event. The caller has checked that it may.
    static func route(
        _ ticket: TicketModel, to unit: SupportUnitModel, assignee newAssignee: UserModel?, previousAssignee previousAssigneeName: String?,
        rule: String? = nil, in context: ChangeContext
    ) async throws {
        let previousUnit = try await context.unit(of: ticket)
        let previousStatus = ticket.status
        ticket.$supportUnit.id = try unit.requireID()
        ticket.$supportUnit.value = unit
        ticket.status = .assigned
        ticket.$assignee.id = newAssignee?.id
        var changes = [
            FieldChange(field: "supportUnit", before: previousUnit.name, after: unit.name),
            FieldChange(field: "fromTier", before: nil, after: previousUnit.tier.rawValue),
            FieldChange(field: "toTier", before: nil, after: unit.tier.rawValue),
        ]
        if previousStatus != .assigned {
            changes.append(FieldChange(field: "status", before: previousStatus.rawValue, after: TicketStatus.assigned.rawValue))
        }
        if previousAssigneeName != nil && newAssignee == nil {
            changes.append(FieldChange(field: "assignee", before: previousAssigneeName, after: nil))
        }
        // Assigning onward is the previous unit's reaction; the new unit's clock starts.
        try await ResponseClocks.end(ticket, respondedAt: context.now, in: context)
        ticket.escalationStep = 0
        ticket.escalatedAt = nil
        try await TicketLifecycle.touch(ticket, in: context)
        try await EventRecorder.record(
            TicketEventRecord(kind: .assignedToUnit, changes: changes, rule: rule), on: ticket, in: context)
        try await TicketLifecycle.statusChanged(ticket, from: previousStatus, to: .assigned, in: context)
        try await ResponseClocks.start(ticket, unit: unit, in: context)
        try await HighPriorityAlert.send(ticket, unit: unit, in: context)
    }

    /// Involves a unit or a supporter: they get the ticket's notifications and may contribute.
    @discardableResult
    public func involve(ticketID: Int, unit unitReference: String?, user userID: UUID?, by acting: Acting) async throws -> InvolvementModel {
        let unitReference = unitReference.flatMap { $0.isEmpty ? nil : $0 }
        guard (unitReference == nil) != (userID == nil) else {
            throw HelpdeskError.invalid("supportUnit", "Name exactly one of supportUnit and user.")
        }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: .involve, in: context)
            let involvement: InvolvementModel
            let name: String
            if let unitReference {
                guard let unit = try await UnitOperations.unit(unitReference, on: database) else {
                    throw HelpdeskError.invalid("supportUnit", "There is no support unit '\(unitReference)'.")
                }
                let unitID = try unit.requireID()
                if unitID == access.supportUnitID || access.involvedUnitIDs.contains(unitID) {
                    throw HelpdeskError.conflict("\(unit.name) already works on ticket #\(ticketID).")
                }
                involvement = InvolvementModel(ticketID: ticketID, unitID: unitID, userID: nil, createdAt: context.now)
                name = unit.name
            } else {
                guard let user = try await UserModel.find(userID!, on: database) else {
                    throw HelpdeskError.invalid("user", "There is no user \(userID!).")
                }
                let isSupporter = try await MembershipModel.query(on: database).filter(\.$user.$id == userID!).first() != nil
                guard isSupporter || user.isAdmin else {
                    throw HelpdeskError.invalid("user", "Only supporters can be involved; add the address to CC instead.")
                }
                if access.involvedUserIDs.contains(userID!) {
                    throw HelpdeskError.conflict("\(user.displayName) is already involved in ticket #\(ticketID).")
                }
                involvement = InvolvementModel(ticketID: ticketID, unitID: nil, userID: userID, createdAt: context.now)
                name = user.displayName
            }
            try await involvement.create(on: database)
            try await TicketLifecycle.touch(ticket, in: context)
            let field = unitReference != nil ? "involvedUnit" : "involvedUser"
            try await EventRecorder.record(
                TicketEventRecord(kind: .involved, changes: [FieldChange(field: field, before: nil, after: name)]),
                on: ticket, in: context)
            return involvement
        }
    }
}
