import Fluent
import Foundation
import SwitchboardCore

extension Helpdesk {
    /// Opens a ticket. Without a target unit it goes to first line; only supporters may
    /// choose the unit. The ticket starts `new`, and its `created` event records every value.
    public func createTicket(_ input: NewTicketInput, by acting: Acting) async throws -> TicketModel {
        guard let submitterID = acting.actor.userID else {
            throw HelpdeskError.forbidden("Tickets are opened by people.")
        }
        var errors = FieldErrors()
        let subject = TicketRules.validateSubject(input.subject, into: &errors)
        let description = TicketRules.validateText(
            input.description, field: "description", required: true, maxLength: TicketRules.descriptionMaxLength, into: &errors)
        let priority = parseEnum(input.priority, as: TicketPriority.self, field: "priority", default: .default, into: &errors)!
        let category = parseEnum(input.category, as: TicketCategory.self, field: "category", default: .incident, into: &errors)!
        let mode = parseEnum(input.notificationMode, as: NotificationMode.self, field: "notificationMode", default: .default, into: &errors)!
        let cc = TicketRules.validateCC(input.cc, into: &errors)
        let short = { (value: String?, field: String) in
            TicketRules.validateText(value, field: field, required: false, maxLength: TicketRules.shortFieldMaxLength, into: &errors)
        }
        let site = short(input.affectedSite, "affectedSite")
        let vo = short(input.vo, "vo")
        let component = short(input.component, "component")
        let componentVersion = short(input.componentVersion, "componentVersion")
        let requestedUnit = input.supportUnit.flatMap { $0.isEmpty ? nil : $0 }
        if requestedUnit != nil && !acting.actor.isSupporter && !acting.actor.isAdmin {
            errors.add("supportUnit", "Only supporters may choose the unit; leave it out and first line will route the ticket.")
        }
        let validated = errors
        let firstLineName = configuration.firstLineUnitName
        let settings = configuration
        let now = clock.now()

        return try await write { database in
            var errors = validated
            var unit: SupportUnitModel?
            if let requestedUnit {
                unit = try await Self.unit(requestedUnit, on: database)
                if unit == nil { errors.add("supportUnit", "There is no support unit '\(requestedUnit)'.") }
            } else {
                unit = try await Self.firstLineUnit(configuredName: firstLineName, on: database)
                if unit == nil {
                    throw HelpdeskError.conflict("No first-line unit is set up to receive tickets; an administrator must create one.")
                }
            }
            try HelpdeskError.check(errors)
            let ticket = TicketModel()
            ticket.setSubject(subject)
            ticket.description = description!
            ticket.type = .user
            ticket.category = category
            ticket.setPriority(priority)
            ticket.status = .new
            ticket.affectedSite = site
            ticket.virtualOrganisation = vo
            ticket.component = component
            ticket.componentVersion = componentVersion
            ticket.cc = cc
            ticket.notificationMode = mode
            ticket.$supportUnit.id = try unit!.requireID()
            ticket.$submitter.id = submitterID
            ticket.createdAt = now
            ticket.updatedAt = now
            ticket.statusSince = now
            ticket.escalationStep = 0
            try await ticket.create(on: database)

            var changes = [
                FieldChange(field: "subject", before: nil, after: subject),
                FieldChange(field: "status", before: nil, after: TicketStatus.new.rawValue),
                FieldChange(field: "priority", before: nil, after: priority.rawValue),
                FieldChange(field: "category", before: nil, after: category.rawValue),
                FieldChange(field: "supportUnit", before: nil, after: unit!.name),
            ]
            for (field, value) in [("affectedSite", site), ("vo", vo), ("component", component), ("componentVersion", componentVersion)] {
                if let value { changes.append(FieldChange(field: field, before: nil, after: value)) }
            }
            try await EventRecorder.record(
                TicketEventRecord(kind: .created, changes: changes), on: ticket, by: acting, at: now, database: database)
            try await Self.statusChanged(ticket, to: .new, at: now, rules: settings.automation, on: database)
            try await Self.startResponseClock(ticket, unit: unit!, at: now, rules: settings.automation, on: database)
            try await Self.alertHighPriority(ticket, unit: unit!, at: now, settings: settings, on: database)
            return ticket
        }
    }
}
