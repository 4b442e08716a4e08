import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The sweep agenda of a unit and its progress notes.
struct SweepWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.sweep(.key).pathComponents, use: sweep)
        signedIn.post(SiteURL.sweepNote(.key).pathComponents, use: addSweepNote)
    }

    func sweep(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let model = try await SweepPage.query(request.helpdesk, unitID: try request.pathUUID("unitID"), acting: web.signedIn.acting)
        return request.render(SweepPage.self, model)
    }

    struct SweepNoteForm: Content {
        var ticket: String?
        var note: String?
    }

    func addSweepNote(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let unitID = try request.pathUUID("unitID")
        let form = try request.content.decode(SweepNoteForm.self)
        return try await request.submit(SweepPage.self, reload: {
            try await SweepPage.query(request.helpdesk, unitID: unitID, acting: web.signedIn.acting)
        }, show: { model, error in model.error = error.message }) {
            guard let ticket = form.ticket.flatMap(Int.init) else { throw HelpdeskError.invalid("ticket", "Which ticket is the note for?") }
            try await request.helpdesk.sweep.addSweepNote(ticketID: ticket, note: form.note, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.sweep(.value(unitID)).path + "#ticket-\(ticket)", redirectType: .normal)
        }
    }
}
