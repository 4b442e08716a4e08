import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/support-units/{unitID}/templates`, `/api/v1/templates/{id}` and
/// `/api/v1/tickets/{id}/templates` (the templates filled in for a ticket).
struct ReplyTemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("support-units", ":unitID", "templates", use: list)
        routes.post("support-units", ":unitID", "templates", use: create)
        routes.put("templates", ":templateID", use: update)
        routes.delete("templates", ":templateID", use: delete)
        routes.get("tickets", ":ticketID", "templates", use: forTicket)
    }

    private func uuid(_ request: Request, _ name: String, _ what: String) throws -> UUID {
        guard let id = request.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no \(what) '\(request.parameters.get(name) ?? "")'.")
        }
        return id
    }

    func list(_ request: Request) async throws -> [ReplyTemplateResponse] {
        try await request.helpdesk.replyTemplates.templates(ofUnit: try uuid(request, "unitID", "support unit"), for: try request.signedIn.principal)
            .map(ReplyTemplateResponse.init)
    }

    func create(_ request: Request) async throws -> Response {
        let template = try await request.helpdesk.replyTemplates.create(try request.content.decode(ReplyTemplateInput.self),
                                                                        unitID: try uuid(request, "unitID", "support unit"), by: try request.signedIn.acting)
        return try await ReplyTemplateResponse(template).encodeResponse(status: .created, for: request)
    }

    func update(_ request: Request) async throws -> ReplyTemplateResponse {
        try ReplyTemplateResponse(try await request.helpdesk.replyTemplates.update(
            try uuid(request, "templateID", "template"), with: try request.content.decode(ReplyTemplateInput.self), by: try request.signedIn.acting))
    }

    func delete(_ request: Request) async throws -> HTTPStatus {
        try await request.helpdesk.replyTemplates.delete(try uuid(request, "templateID", "template"), by: try request.signedIn.acting)
        return .noContent
    }

    func forTicket(_ request: Request) async throws -> [FilledTemplateResponse] {
        guard let text = request.parameters.get("ticketID"), let id = Int(text), id > 0 else {
            throw HelpdeskError.notFound("There is no ticket '\(request.parameters.get("ticketID") ?? "")'.")
        }
        return try await request.helpdesk.replyTemplates.filled(forTicket: id, for: try request.signedIn.principal).map(FilledTemplateResponse.init)
    }
}

struct ReplyTemplateResponse: Content {
    var id: UUID
    var unit: UUID
    var name: String
    var body: String
    var usageCount: Int

    init(_ template: ReplyTemplateModel) throws {
        id = try template.requireID()
        unit = template.$unit.id
        name = template.name
        body = template.body
        usageCount = template.usageCount
    }
}

struct FilledTemplateResponse: Content {
    var id: UUID
    var unit: String
    var name: String
    /// The template filled in for the ticket.
    var text: String
    var usageCount: Int

    init(_ filled: FilledTemplate) throws {
        id = try filled.template.requireID()
        unit = filled.unitName
        name = filled.template.name
        text = filled.text
        usageCount = filled.template.usageCount
    }
}
