import Fluent
import Foundation
import SwitchboardCore

extension Helpdesk {
    /// Adds a diary entry: public (everyone on the ticket sees it) or internal (supporters only).
    @discardableResult
    public func addComment(
        ticketID: Int, body: String?, visibility: Visibility, quoted: String? = nil, quotedVisibility: Visibility = .public, by acting: Acting
    ) async throws -> CommentModel {
        var errors = FieldErrors()
        let text = TicketRules.validateText(body, field: "body", required: true, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let now = clock.now()
        let rules = configuration.automation
        return try await write { database in
            let action: TicketAction = visibility == .internal ? .commentInternal : .commentPublic
            let (ticket, access) = try await Self.ticketForChange(ticketID, by: acting.actor, action: action, on: database)
            try await Self.touch(ticket, at: now, on: database)
            let comment = try await Self.appendComment(text!, visibility: visibility, quoted: quoted, quotedVisibility: quotedVisibility,
                                                       to: ticket, by: acting, at: now, on: database)
            try await Self.supporterActed(on: ticket, access: access, by: acting, at: now, countsAsResponse: true, rules: rules, on: database)
            let roles = TicketRole.roles(of: acting.actor, on: access)
            if let next = StatusTransitions.statusAfterReply(from: ticket.status, roles: roles, visibility: visibility) {
                try await Self.setStatus(ticket, to: next, note: nil, by: acting, at: now, rules: rules, on: database)
            }
            return comment
        }
    }

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
        let now = clock.now()
        let settings = configuration
        let rules = settings.automation
        return try await write { database in
            let (ticket, access) = try await Self.ticketForChange(ticketID, by: acting.actor, action: nil, on: database)
            guard let unit = try await Self.unit(unitReference!, on: database) else {
                throw HelpdeskError.invalid("supportUnit", "There is no support unit '\(unitReference!)'.")
            }
            let unitID = try unit.requireID()
            let movesUnit = unitID != ticket.$supportUnit.id
            if movesUnit {
                if let refusal = Permissions.decide(acting.actor, .assignUnit, on: access) {
                    throw HelpdeskError.refused(refusal, ticketID: ticketID)
                }
                do throws(StatusTransitions.Refusal) {
                    try StatusTransitions.checkRouting(from: ticket.status, roles: TicketRole.roles(of: acting.actor, on: access))
                } catch {
                    throw HelpdeskError.refused(error)
                }
            } else if assignee == nil {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is already assigned to \(unit.name).")
            }
            var newAssignee: UserModel?
            if let assignee {
                if let refusal = Permissions.decide(acting.actor, .assignPerson, on: access) {
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
                let previousUnit = try await ticket.$supportUnit.current(on: database)
                let previousStatus = ticket.status
                ticket.$supportUnit.id = unitID
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
                try await Self.endResponseClock(ticket, respondedAt: now, at: now, on: database)
                ticket.escalationStep = 0
                ticket.escalatedAt = nil
                try await Self.touch(ticket, at: now, on: database)
                try await EventRecorder.record(
                    TicketEventRecord(kind: .assignedToUnit, changes: changes), on: ticket, by: acting, at: now, database: database)
                try await Self.statusChanged(ticket, to: .assigned, at: now, rules: rules, on: database)
                try await Self.startResponseClock(ticket, unit: unit, at: now, rules: rules, on: database)
                try await Self.alertHighPriority(ticket, unit: unit, at: now, settings: settings, on: database)
            }
            if let newAssignee {
                ticket.$assignee.id = newAssignee.id
                try await Self.touch(ticket, at: now, on: database)
                try await EventRecorder.record(
                    TicketEventRecord(kind: .assignedToPerson, changes: [
                        FieldChange(field: "assignee", before: movesUnit ? nil : previousAssigneeName, after: newAssignee.displayName)
                    ]),
                    on: ticket, by: acting, at: now, database: database)
            }
            if let noteText {
                try await Self.appendComment(noteText, visibility: noteVisibility, to: ticket, by: acting, at: now, on: database)
            }
            try await Self.supporterActed(on: ticket, access: access, by: acting, at: now, countsAsResponse: false, rules: rules, on: database)
            return ticket
        }
    }

    /// Moves a ticket to another status, if the state machine allows it for this actor.
    @discardableResult
    public func changeStatus(ticketID: Int, to status: TicketStatus, note: String?, by acting: Acting) async throws -> TicketModel {
        var errors = FieldErrors()
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let now = clock.now()
        let rules = configuration.automation
        return try await write { database in
            let (ticket, access) = try await Self.ticketForChange(ticketID, by: acting.actor, action: nil, on: database)
            do throws(StatusTransitions.Refusal) {
                try StatusTransitions.check(from: ticket.status, to: status, roles: TicketRole.roles(of: acting.actor, on: access))
            } catch {
                throw HelpdeskError.refused(error)
            }
            try await Self.supporterActed(on: ticket, access: access, by: acting, at: now, countsAsResponse: true, rules: rules, on: database)
            try await Self.setStatus(ticket, to: status, note: noteText, by: acting, at: now, rules: rules, on: database)
            return ticket
        }
    }

    /// Changes the priority; supporters only, always with a public justification.
    @discardableResult
    public func changePriority(ticketID: Int, to priority: TicketPriority, justification: String?, by acting: Acting) async throws -> TicketModel {
        var errors = FieldErrors()
        let reason = TicketRules.validateText(
            justification, field: "justification", required: true, maxLength: TicketRules.justificationMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let now = clock.now()
        let settings = configuration
        return try await write { database in
            let (ticket, access) = try await Self.ticketForChange(ticketID, by: acting.actor, action: .changePriority, on: database)
            guard ticket.priority != priority else {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is already \(priority.rawValue).")
            }
            let previous = ticket.priority
            ticket.setPriority(priority)
            try await Self.touch(ticket, at: now, on: database)
            try await EventRecorder.record(
                TicketEventRecord(kind: .priorityChanged, changes: [FieldChange(field: "priority", before: previous.rawValue, after: priority.rawValue)], note: reason),
                on: ticket, by: acting, at: now, database: database)
            try await Self.supporterActed(on: ticket, access: access, by: acting, at: now, countsAsResponse: false, rules: settings.automation, on: database)
            try await Self.retargetResponseClock(ticket, at: now, rules: settings.automation, on: database)
            if priority.isHigh && !previous.isHigh {
                let unit = try await ticket.$supportUnit.current(on: database)
                try await Self.alertHighPriority(ticket, unit: unit, at: now, settings: settings, on: database)
            }
            return ticket
        }
    }

    /// Involves a unit or a supporter: they get the ticket's notifications and may contribute.
    @discardableResult
    public func involve(ticketID: Int, unit unitReference: String?, user userID: UUID?, by acting: Acting) async throws -> InvolvementModel {
        let unitReference = unitReference.flatMap { $0.isEmpty ? nil : $0 }
        guard (unitReference == nil) != (userID == nil) else {
            throw HelpdeskError.invalid("supportUnit", "Name exactly one of supportUnit and user.")
        }
        let now = clock.now()
        return try await write { database in
            let (ticket, access) = try await Self.ticketForChange(ticketID, by: acting.actor, action: .involve, on: database)
            let involvement: InvolvementModel
            let name: String
            if let unitReference {
                guard let unit = try await Self.unit(unitReference, on: database) else {
                    throw HelpdeskError.invalid("supportUnit", "There is no support unit '\(unitReference)'.")
                }
                let unitID = try unit.requireID()
                if unitID == access.supportUnitID || access.involvedUnitIDs.contains(unitID) {
                    throw HelpdeskError.conflict("\(unit.name) already works on ticket #\(ticketID).")
                }
                involvement = InvolvementModel(ticketID: ticketID, unitID: unitID, userID: nil, createdAt: now)
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
                involvement = InvolvementModel(ticketID: ticketID, unitID: nil, userID: userID, createdAt: now)
                name = user.displayName
            }
            try await involvement.create(on: database)
            try await Self.touch(ticket, at: now, on: database)
            let field = unitReference != nil ? "involvedUnit" : "involvedUser"
            try await EventRecorder.record(
                TicketEventRecord(kind: .involved, changes: [FieldChange(field: field, before: nil, after: name)]),
                on: ticket, by: acting, at: now, database: database)
            return involvement
        }
    }

    /// Links two tickets. The link is recorded on both, each from its own side.
    @discardableResult
    public func link(ticketID: Int, kind: TicketLinkKind, to otherID: Int, by acting: Acting) async throws -> TicketLinkModel {
        guard otherID != ticketID else { throw HelpdeskError.invalid("ticket", "A ticket cannot be linked to itself.") }
        let now = clock.now()
        let rules = configuration.automation
        return try await write { database in
            // Lock in a fixed order, so that two links made at once cannot deadlock.
            try await Self.lockTicket(min(ticketID, otherID), on: database)
            let (ticket, _) = try await Self.ticketForChange(ticketID, by: acting.actor, action: .link, on: database)
            let other: TicketModel
            do {
                (other, _) = try await Self.readableTicket(otherID, by: acting.actor, on: database)
            } catch HelpdeskError.notFound {
                throw HelpdeskError.invalid("ticket", "Ticket #\(otherID) does not exist.")
            }
            let existing = try await TicketLinkModel.query(on: database).group(.or) { either in
                either.group(.and) { $0.filter(\.$source.$id == ticketID).filter(\.$target.$id == otherID) }
                either.group(.and) { $0.filter(\.$source.$id == otherID).filter(\.$target.$id == ticketID) }
            }.first()
            if existing != nil {
                throw HelpdeskError.conflict("Tickets #\(ticketID) and #\(otherID) are already linked.")
            }
            try await Self.lockTicket(max(ticketID, otherID), on: database)
            let link = TicketLinkModel(sourceID: ticketID, targetID: otherID, kind: kind, createdAt: now)
            try await link.create(on: database)
            for (side, seen, number) in [(ticket, kind, otherID), (other, kind.inverse, ticketID)] {
                try await Self.touch(side, at: now, on: database)
                try await EventRecorder.record(
                    TicketEventRecord(kind: .linked, changes: [FieldChange(field: seen.rawValue, before: nil, after: "#\(number)")]),
                    on: side, by: acting, at: now, database: database)
            }
            try await Self.holdDependent(of: link, at: now, rules: rules, on: database)
            return link
        }
    }

    /// Stores a file on a ticket. Internal attachments are for supporters only.
    @discardableResult
    public func addAttachment(
        ticketID: Int, filename: String, contentType: String?, data: Data, visibility: Visibility, by acting: Acting
    ) async throws -> AttachmentModel {
        var errors = FieldErrors()
        let name = Self.safeFilename(filename)
        if name.isEmpty { errors.add("file", "The file needs a name.") }
        if data.isEmpty { errors.add("file", "The file is empty.") }
        try HelpdeskError.check(errors)
        if data.count > configuration.attachmentMaxBytes {
            throw HelpdeskError.tooLarge("The file has \(data.count) bytes; at most \(configuration.attachmentMaxBytes) are accepted.")
        }
        let now = clock.now()
        return try await write { database in
            let action: TicketAction = visibility == .internal ? .addInternalAttachment : .addAttachment
            let (ticket, _) = try await Self.ticketForChange(ticketID, by: acting.actor, action: action, on: database)
            let attachment = AttachmentModel()
            attachment.id = UUID()
            attachment.$ticket.id = ticketID
            attachment.$uploader.id = acting.actor.userID
            attachment.filename = name
            attachment.contentType = Self.safeContentType(contentType)
            attachment.size = data.count
            attachment.visibility = visibility
            attachment.data = data
            attachment.createdAt = now
            try await attachment.create(on: database)
            try await Self.touch(ticket, at: now, on: database)
            try await EventRecorder.record(
                TicketEventRecord(kind: .attachmentAdded, visibility: visibility, changes: [FieldChange(field: "attachment", before: nil, after: name)]),
                on: ticket, by: acting, at: now, attachment: attachment, database: database)
            return attachment
        }
    }

    // MARK: Helpers

    static func touch(_ ticket: TicketModel, at now: Date, on database: any Database) async throws {
        ticket.updatedAt = now
        try await ticket.save(on: database)
    }

    @discardableResult
    static func appendComment(
        _ text: String, visibility: Visibility, quoted: String? = nil, quotedVisibility: Visibility = .public, to ticket: TicketModel,
        by acting: Acting, at now: Date, on database: any Database
    ) async throws -> CommentModel {
        let comment = CommentModel(ticketID: try ticket.requireID(), authorID: acting.actor.userID, body: text, visibility: visibility, createdAt: now)
        comment.quoted = quoted.map { String($0.prefix(TicketRules.commentMaxLength)) }
        // The quote is never more visible than the comment.
        comment.quotedVisibility = quoted == nil ? nil : (visibility == .internal ? .internal : quotedVisibility)
        try await comment.create(on: database)
        let kind: TicketEventKind = visibility == .internal ? .commentInternal : .commentPublic
        try await EventRecorder.record(TicketEventRecord(kind: kind, visibility: visibility), on: ticket, by: acting, at: now, comment: comment, database: database)
        return comment
    }

    /// The last path component, without control characters or quotes, at most 200 characters.
    static func safeFilename(_ filename: String) -> String {
        let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }
        return String(String.UnicodeScalarView(cleaned)).trimmingCharacters(in: .whitespaces).prefix(200).description
    }

    /// A plain `type/subtype`; anything else is served as `application/octet-stream`.
    static func safeContentType(_ contentType: String?) -> String {
        guard let value = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
              value.range(of: #"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$"#, options: .regularExpression) != nil
        else { return "application/octet-stream" }
        return value
    }
}
