import Foundation
import SwitchboardCore
import Vapor

/// The webhooks page: register, switch on and off, remove, redeliver.
struct WebhooksWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.webhooks.pathComponents, use: page)
        signedIn.post(SiteURL.webhooks.pathComponents, use: register)
        signedIn.post(SiteURL.webhookAction(.key, .key).pathComponents, use: act)
        signedIn.post(SiteURL.webhookRedelivery(.key, .key).pathComponents, use: redeliver)
    }

    func page(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        return request.render(WebhooksPage.self, try await WebhooksPage.query(request.helpdesk, actor: web.signedIn.principal))
    }

    struct RegistrationForm: Content {
        var url: String?
        var unit: String?
        var includeInternal: String?
        var secret: String?
    }

    func register(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        let form = try request.content.decode(RegistrationForm.self)
        return try await request.submit(WebhooksPage.self, reload: { try await WebhooksPage.query(helpdesk, actor: web.signedIn.principal) },
                                        show: { model, error in
            model.error = error.message
            if case .invalid(let errors) = error { model.fieldErrors = errors.messages }
            model.typed = ["url": form.url ?? "", "unit": form.unit ?? "", "includeInternal": form.includeInternal ?? "false"]
        }) {
            let secret = form.secret.flatMap { $0.isEmpty ? nil : $0 }
            let events = request.formValues("events")
            let detail = try await helpdesk.webhooks.register(WebhookInput(
                url: form.url, secret: secret, unit: form.unit.flatMap { $0.isEmpty ? nil : $0 }, events: events,
                includeInternal: form.includeInternal == "true"), by: web.signedIn.acting)
            var model = try await WebhooksPage.query(helpdesk, actor: web.signedIn.principal)
            model.notice = "Registered \(detail.webhook.url)." + (detail.newSecret.map { " Its secret, shown only now: \($0)" } ?? "")
            return request.render(WebhooksPage.self, model)
        }
    }

    func act(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        let id = try request.pathUUID("webhookID")
        let action = request.parameters.get("action") ?? ""
        return try await request.submit(WebhooksPage.self, reload: { try await WebhooksPage.query(helpdesk, actor: web.signedIn.principal) },
                                        show: { model, error in model.error = error.message }) {
            switch action {
            case "on", "off": _ = try await helpdesk.webhooks.update(id, WebhookInput(active: action == "on"), by: web.signedIn.acting)
            case "remove": try await helpdesk.webhooks.remove(id, by: web.signedIn.acting)
            default: throw HelpdeskError.notFound("There is no such action.")
            }
            return request.redirect(to: SiteURL.webhooks.path, redirectType: .normal)
        }
    }

    func redeliver(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        return try await request.submit(WebhooksPage.self, reload: { try await WebhooksPage.query(helpdesk, actor: web.signedIn.principal) },
                                        show: { model, error in model.error = error.message }) {
            _ = try await helpdesk.webhooks.redeliver(try request.pathUUID("deliveryID"), of: try request.pathUUID("webhookID"), by: web.signedIn.acting)
            var model = try await WebhooksPage.query(helpdesk, actor: web.signedIn.principal)
            model.notice = "The delivery is queued again; it is sent within \(helpdesk.configuration.webhookInterval) seconds."
            return request.render(WebhooksPage.self, model)
        }
    }
}
