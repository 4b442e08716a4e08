import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The service levels page, its forms, and the response violations report.
struct ServiceLevelsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.serviceLevels.pathComponents, use: serviceLevels)
        signedIn.post(SiteURL.serviceLevels.pathComponents, use: createServiceLevel)
        signedIn.get(SiteURL.responseViolations.pathComponents, use: responseViolations)
        signedIn.get(SiteURL.editServiceLevel(.key).pathComponents, use: editServiceLevelForm)
        signedIn.post(SiteURL.editServiceLevel(.key).pathComponents, use: updateServiceLevel)
    }

    func responseViolations(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let model = try await ResponseViolationsPage.query(request.helpdesk, actor: web.signedIn.principal, url: request.url)
        return request.render(ResponseViolationsPage.self, model)
    }

    func serviceLevels(_ request: Request) async throws -> Response {
        let model = try await ServiceLevelsPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal)
        return request.render(ServiceLevelsPage.self, model)
    }

    struct ServiceLevelForm: Content {
        var name: String?
        var description: String?
        var lessUrgent: String?
        var urgent: String?
        var veryUrgent: String?
        var topPriority: String?

        enum CodingKeys: String, CodingKey {
            case name, description, urgent
            case lessUrgent = "less-urgent"
            case veryUrgent = "very-urgent"
            case topPriority = "top-priority"
        }

        var input: ServiceLevelInput {
            ServiceLevelInput(name: name, description: description, targets: [
                "less-urgent": lessUrgent, "urgent": urgent, "very-urgent": veryUrgent, "top-priority": topPriority,
            ])
        }

        var values: [String: String] {
            ["name": name, "description": description, "less-urgent": lessUrgent, "urgent": urgent, "very-urgent": veryUrgent,
             "top-priority": topPriority].compactMapValues { $0 }
        }
    }

    func createServiceLevel(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let form = try request.content.decode(ServiceLevelForm.self)
        do {
            let level = try await request.helpdesk.serviceLevels.createServiceLevel(form.input, by: web.signedIn.acting)
            var model = try await ServiceLevelsPage.query(request.helpdesk, actor: web.signedIn.principal)
            model.notice = "Added \(level.name)."
            return request.render(ServiceLevelsPage.self, model, status: .created)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await ServiceLevelsPage.query(request.helpdesk, actor: web.signedIn.principal)
            model.values = form.values
            model.errors = errors.messages
            return request.render(ServiceLevelsPage.self, model, status: .unprocessableEntity)
        }
    }

    func editServiceLevelForm(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        let name = request.parameters.get("name") ?? ""
        let level = try await request.helpdesk.serviceLevels.find(named: name).level
        let model = ServiceLevelEditPage.Model(name: name, values: ServiceLevelEditPage.values(of: level))
        return request.render(ServiceLevelEditPage.self, model)
    }

    func updateServiceLevel(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let name = request.parameters.get("name") ?? ""
        let form = try request.content.decode(ServiceLevelForm.self)
        do {
            _ = try await request.helpdesk.serviceLevels.updateServiceLevel(named: name, form.input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.serviceLevels.path + "#level-\(name)", redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = ServiceLevelEditPage.Model(name: name, values: form.values, errors: errors.messages)
            return request.render(ServiceLevelEditPage.self, model, status: .unprocessableEntity)
        }
    }
}
