import Foundation
import SwitchboardCore
import Vapor

/// The unit page's template forms: add one, remove one.
struct ReplyTemplatesWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.post(SiteURL.unitTemplates(.key).pathComponents, use: add)
        signedIn.post(SiteURL.deleteTemplate(unit: .key, template: .key).pathComponents, use: remove)
    }

    struct TemplateForm: Content {
        var name: String?
        var body: String?
    }

    func add(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let unitID = try request.pathUUID("unitID")
        let form = try request.content.decode(TemplateForm.self)
        let helpdesk = request.helpdesk
        return try await request.submit(UnitPage.self, reload: { try await UnitPage.query(helpdesk, id: unitID, actor: web.signedIn.principal) },
                                        show: { model, error in
            if case .invalid(let errors) = error { model.templateErrors = errors.messages } else { model.error = error.message }
            model.templateValues = ["name": form.name ?? "", "body": form.body ?? ""]
        }) {
            let template = try await helpdesk.replyTemplates.create(ReplyTemplateInput(name: form.name, body: form.body), unitID: unitID, by: web.signedIn.acting)
            var model = try await UnitPage.query(helpdesk, id: unitID, actor: web.signedIn.principal)
            model.notice = "The template “\(template.name)” was added."
            return request.render(UnitPage.self, model)
        }
    }

    func remove(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let unitID = try request.pathUUID("unitID")
        let helpdesk = request.helpdesk
        return try await request.submit(UnitPage.self, reload: { try await UnitPage.query(helpdesk, id: unitID, actor: web.signedIn.principal) },
                                        show: { model, error in model.error = error.message }) {
            try await helpdesk.replyTemplates.delete(try request.pathUUID("templateID"), by: web.signedIn.acting)
            var model = try await UnitPage.query(helpdesk, id: unitID, actor: web.signedIn.principal)
            model.notice = "The template was removed."
            return request.render(UnitPage.self, model)
        }
    }
}
