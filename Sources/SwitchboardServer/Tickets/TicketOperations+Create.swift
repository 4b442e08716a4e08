import Fluent
import Foundation
import SwitchboardCore

extension TicketOperations {
    /// Opens a ticket. Without a target unit it goes to first line; only supporters may
    /// choose the unit. The ticket starts `new`, and its `created` event records every value.
    public func createTicket(_ input: NewTicketInput, by acting: Acting) async throws -> TicketModel {
        try await helpdesk.change(by: acting) { context in try await self.createTicket(input, in: context) }
    }

    /// Inside a change (the mail gate opens tickets this way, with the message's attachments).
    @discardableResult
    func createTicket(_ input: NewTicketInput, in context: ChangeContext) async throws -> TicketModel {
        let acting = context.acting
        guard let submitterID = acting.principal.userID else {
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
        if requestedUnit != nil && !acting.principal.isSupporter && !acting.principal.isAdmin {
            errors.add("supportUnit", "Only supporters may choose the unit; leave it out and first line will route the ticket.")
        }
        let firstLineName = helpdesk.configuration.firstLineUnitName

        let database = context.database
        let catalog = try await context.catalog()
        var unit: SupportUnitModel?
        if let requestedUnit {
            unit = catalog.unit(requestedUnit)
            if unit == nil { errors.add("supportUnit", "There is no support unit '\(requestedUnit)'.") }
        } else {
            unit = catalog.firstLineUnit(configuredName: firstLineName)
            if unit == nil {
                throw HelpdeskError.conflict("No first-line unit is set up to receive tickets; an administrator must create one.")
            }
        }
        try HelpdeskError.check(errors)
        let ticket = TicketModel()
        ticket.subject = subject
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
        ticket.$supportUnit.value = unit
        ticket.$submitter.id = submitterID
        ticket.createdAt = context.now
        ticket.updatedAt = context.now
        ticket.statusSince = context.now
        // The `created` event is public: written with the row instead of after it.
        ticket.publicUpdatedAt = context.now
        ticket.escalationStep = 0
        // So is the response clock's start.
        let clock = try await ResponseClocks.plan(priority: priority, in: unit!, in: context)
        clock?.apply(to: ticket)
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
            TicketEventRecord(kind: .created, changes: changes), on: ticket, in: context)
        try await TicketLifecycle.statusChanged(ticket, from: nil, to: .new, in: context)
        if let clock { try await ResponseClocks.record(clock, of: ticket, unit: unit!, in: context) }
        try await HighPriorityAlert.send(ticket, unit: unit!, in: context)
        return ticket
    }
}
