import Foundation
import SwitchboardCore
import Vapor

/// The requirement report and its "read the requirements queue now" (the ticket page's
/// requirement forms are `TicketsWebController`'s actions).
struct RequirementsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.requirements.pathComponents, use: report)
        signedIn.post(SiteURL.requirementsSync.pathComponents, use: sync)
    }

    func report(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let stage = try parseOptional(request.query[String.self, at: "stage"], as: RequirementStage.self, field: "stage")
        return request.render(RequirementsPage.self, try await RequirementsPage.query(request.helpdesk, stage: stage, actor: web.signedIn.principal))
    }

    func sync(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        return try await request.submit(RequirementsPage.self, reload: {
            try await RequirementsPage.query(helpdesk, stage: nil, actor: web.signedIn.principal)
        }, show: { model, error in model.error = error.message }) {
            let report = try await helpdesk.requirements.sync(tracker: request.application.requirementsTracker, by: web.signedIn.acting)
            var model = try await RequirementsPage.query(helpdesk, stage: nil, actor: web.signedIn.principal)
            model.notice = "Read \(report.checked) requirement\(report.checked == 1 ? "" : "s"): \(report.resolved) resolved, \(report.rejected) rejected."
            if !report.failures.isEmpty { model.error = "Not read (tried again at the next sync): " + report.failures.joined(separator: "; ") }
            return request.render(RequirementsPage.self, model)
        }
    }
}
