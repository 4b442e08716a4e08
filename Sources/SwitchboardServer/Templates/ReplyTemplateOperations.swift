import Fluent
import Foundation
import SwitchboardCore

/// What a unit member submits for a template.
public struct ReplyTemplateInput: Codable, Sendable {
    public var name: String?
    public var body: String?

    public init(name: String?, body: String?) {
        self.name = name
        self.body = body
    }
}

/// A template filled in for one ticket, as the reply form offers it.
public struct FilledTemplate: Sendable {
    public var template: ReplyTemplateModel
    public var unitName: String
    public var text: String
}

/// Units' reply templates (`ReplyTemplateText`, core): the answers a unit gives often, kept by
/// its members and administrators, offered on the reply form of every ticket the member works
/// on, filled in for that ticket, and counted each time a reply uses one.
public struct ReplyTemplateOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var replyTemplates: ReplyTemplateOperations { ReplyTemplateOperations(helpdesk: self) }
}

extension ReplyTemplateOperations {
    /// A unit's templates, most used first (supporters and administrators).
    public func templates(ofUnit unitID: UUID, for principal: Principal) async throws -> [ReplyTemplateModel] {
        guard principal.isSupporter || principal.isAdmin else { throw HelpdeskError.forbidden("Reply templates are for supporters.") }
        _ = try await helpdesk.units.find(unitID)
        return try await ReplyTemplateModel.query(on: helpdesk.database).filter(\.$unit.$id == unitID).all()
            .sorted { ($1.usageCount, $0.name.lowercased()) < ($0.usageCount, $1.name.lowercased()) }
    }

    static func mayKeep(_ principal: Principal, unitID: UUID) -> Bool {
        principal.isAdmin || principal.isMember(of: unitID)
    }

    public func create(_ input: ReplyTemplateInput, unitID: UUID, by acting: Acting) async throws -> ReplyTemplateModel {
        let (name, body) = try Self.check(input)
        return try await helpdesk.change(by: acting) { context in
            guard let unit = try await SupportUnitModel.find(unitID, on: context.database) else {
                throw HelpdeskError.notFound("There is no support unit \(unitID).")
            }
            guard Self.mayKeep(context.acting.principal, unitID: unitID) else {
                throw HelpdeskError.forbidden("Only \(unit.name)'s members and administrators keep its templates.")
            }
            if try await ReplyTemplateModel.query(on: context.database).filter(\.$unit.$id == unitID).filter(\.$name == name).first() != nil {
                throw HelpdeskError.invalid("name", "\(unit.name) has a template named '\(name)' already.")
            }
            let template = ReplyTemplateModel()
            template.id = UUID()
            template.$unit.id = unitID
            template.name = name
            template.body = body
            template.usageCount = 0
            template.createdAt = context.now
            template.updatedAt = context.now
            try await template.create(on: context.database)
            return template
        }
    }

    public func update(_ id: UUID, with input: ReplyTemplateInput, by acting: Acting) async throws -> ReplyTemplateModel {
        let (name, body) = try Self.check(input)
        return try await helpdesk.change(by: acting) { context in
            let template = try await Self.kept(id, by: context.acting.principal, on: context.database)
            if let other = try await ReplyTemplateModel.query(on: context.database).filter(\.$unit.$id == template.$unit.id)
                .filter(\.$name == name).first(), other.id != id {
                throw HelpdeskError.invalid("name", "The unit has a template named '\(name)' already.")
            }
            template.name = name
            template.body = body
            template.updatedAt = context.now
            try await template.update(on: context.database)
            return template
        }
    }

    public func delete(_ id: UUID, by acting: Acting) async throws {
        try await helpdesk.change(by: acting) { context in
            try await Self.kept(id, by: context.acting.principal, on: context.database).delete(on: context.database)
        }
    }

    private static func kept(_ id: UUID, by principal: Principal, on database: any Database) async throws -> ReplyTemplateModel {
        guard let template = try await ReplyTemplateModel.find(id, on: database) else { throw HelpdeskError.notFound("There is no template \(id).") }
        guard mayKeep(principal, unitID: template.$unit.id) else {
            throw HelpdeskError.forbidden("Only the unit's members and administrators keep its templates.")
        }
        return template
    }

    private static func check(_ input: ReplyTemplateInput) throws -> (String, String) {
        var errors = FieldErrors()
        let name = TicketRules.validateText(input.name, field: "name", required: true, maxLength: 120, into: &errors)
        let body = TicketRules.validateText(input.body, field: "body", required: true, maxLength: TicketRules.commentMaxLength, into: &errors)
        if let body {
            let unknown = ReplyTemplateText.unknownPlaceholders(in: body)
            if !unknown.isEmpty {
                errors.add("body", "Unknown placeholders: \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); the known ones are "
                    + ReplyTemplateText.placeholders.map { "{{\($0)}}" }.joined(separator: ", ") + ".")
            }
        }
        try HelpdeskError.check(errors)
        return (name!, body!)
    }

    /// The templates a supporter may use on a ticket: those of the units they belong to and of
    /// the unit that holds the ticket, each filled in for the ticket; most used first.
    public func filled(forTicket ticketID: Int, for principal: Principal) async throws -> [FilledTemplate] {
        guard principal.isSupporter || principal.isAdmin else { return [] }
        let detail = try await helpdesk.ticketQueries.ticketDetail(ticketID, for: principal)
        let ticket = detail.ticket
        let unitIDs = Set(principal.memberships.map(\.unitID) + [ticket.$supportUnit.id])
        let templates = try await ReplyTemplateModel.query(on: helpdesk.database).filter(\.$unit.$id ~~ Array(unitIDs)).with(\.$unit).all()
        guard !templates.isEmpty else { return [] }
        let values = try await Self.values(for: ticket, on: helpdesk.database)
        return templates.sorted { ($1.usageCount, $0.name.lowercased()) < ($0.usageCount, $1.name.lowercased()) }.map {
            FilledTemplate(template: $0, unitName: $0.unit.name, text: ReplyTemplateText.render($0.body, values: values))
        }
    }

    static func values(for ticket: TicketModel, on database: any Database) async throws -> [String: String] {
        let unit = try await ticket.$supportUnit.get(on: database)
        let submitter = try await ticket.$submitter.get(on: database)
        let level = try await ResponseClocks.serviceLevel(of: unit, on: database)
        return ["submitter": submitter.displayName, "ticket": "#\(try ticket.requireID())", "subject": ticket.subject, "unit": unit.name,
                "target": level.target(for: ticket.priority)?.description ?? "best effort"]
    }

    /// Counts a reply's use of a template, in the reply's change; a template the replier may
    /// not use is refused.
    static func countUse(of templateID: UUID, on ticket: TicketModel, in context: ChangeContext) async throws {
        let principal = context.acting.principal
        guard let template = try await ReplyTemplateModel.find(templateID, on: context.database),
              principal.isAdmin || principal.isMember(of: template.$unit.id) || template.$unit.id == ticket.$supportUnit.id && principal.isSupporter
        else { throw HelpdeskError.invalid("template", "There is no template \(templateID) for this ticket.") }
        template.usageCount += 1
        try await template.update(on: context.database)
    }
}
