import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The administrators' mail page: the outbox, failed messages, retries and received mail.
struct MailWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.mail.pathComponents, use: mail)
        signedIn.post(SiteURL.retryMail(.key).pathComponents, use: retryMail)
    }

    func mail(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        return request.render(MailPage.self, try await MailPage.query(request.helpdesk, acting: web.signedIn.acting))
    }

    func retryMail(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let message = try await request.helpdesk.mailDelivery.retry(try request.pathUUID("messageID"), by: web.signedIn.acting)
        var model = try await MailPage.query(request.helpdesk, acting: web.signedIn.acting)
        model.notice = "The message “\(message.subject)” will be sent at the next pass."
        return request.render(MailPage.self, model)
    }
}
