import Foundation
import SwitchboardCore
import Vapor

/// The known-issue pages: the list, one issue and the digest are open to everyone (published
/// issues; supporters also see drafts); the forms that keep them are the supporters'.
struct KnownIssuesWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        web.get(SiteURL.knownIssues.pathComponents, use: list)
        web.get(SiteURL.knownIssueDigest.pathComponents, use: digest)
        web.get(SiteURL.knownIssueDigestFile(.key).pathComponents, use: digestFile)
        web.get(SiteURL.knownIssue(.key).pathComponents, use: show)
        signedIn.post(SiteURL.knownIssueDigestMail.pathComponents, use: mail)
        signedIn.post(SiteURL.knownIssueAction(.key, .key).pathComponents, use: act)
    }

    private func reader(_ request: Request) -> Principal? { request.auth.get(WebSignedIn.self)?.signedIn.principal }

    private func number(_ request: Request) throws -> Int {
        guard let number = request.parameters.get("number").flatMap(Int.init), number > 0 else {
            throw HelpdeskError.notFound("There is no such known issue.")
        }
        return number
    }

    func list(_ request: Request) async throws -> Response {
        let state = try parseOptional(request.query[String.self, at: "state"], as: KnownIssueState.self, field: "state")
        return request.render(KnownIssuesPage.self, try await KnownIssuesPage.query(request.helpdesk, state: state, actor: reader(request)))
    }

    func show(_ request: Request) async throws -> Response {
        request.render(KnownIssuePage.self, try await KnownIssuePage.query(request.helpdesk, number: try number(request), actor: reader(request)))
    }

    func digest(_ request: Request) async throws -> Response {
        let helpdesk = request.helpdesk
        do {
            let since = try helpdesk.knownIssues.digestStart(request.query[String.self, at: "since"])
            return request.render(KnownIssueDigestPage.self, try await KnownIssueDigestPage.query(helpdesk, since: since, actor: reader(request)))
        } catch let error as HelpdeskError {
            // A date that is not one: the default digest, with the reason.
            var model = try await KnownIssueDigestPage.query(helpdesk, since: try helpdesk.knownIssues.digestStart(nil), actor: reader(request))
            model.error = error.message
            return request.render(KnownIssueDigestPage.self, model, status: .badRequest)
        }
    }

    func digestFile(_ request: Request) async throws -> Response {
        guard let format = request.parameters.get("format").flatMap(KnownIssuesController.DigestFormat.init(rawValue:)) else {
            throw HelpdeskError.notFound("The digest is a markdown, text or json file.")
        }
        let knownIssues = request.helpdesk.knownIssues
        let content = try await knownIssues.digest(since: try knownIssues.digestStart(request.query[String.self, at: "since"]), for: reader(request))
        switch format {
        // Shown in the browser, to be copied: plain text, not a download.
        case .markdown: return KnownIssuesController.text(content.markdown, type: "text/plain; charset=utf-8")
        case .text: return KnownIssuesController.text(content.plainText, type: "text/plain; charset=utf-8")
        case .json: return try await KnownIssueDigestResponse(content).encodeResponse(for: request)
        }
    }

    struct MailForm: Content { var since: String? }

    func mail(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        let form = try request.content.decode(MailForm.self)
        let since = try (try? helpdesk.knownIssues.digestStart(form.since)) ?? helpdesk.knownIssues.digestStart(nil)
        return try await request.submit(KnownIssueDigestPage.self, reload: {
            try await KnownIssueDigestPage.query(helpdesk, since: since, actor: web.signedIn.principal)
        }, show: { model, error in model.error = error.message }) {
            let sent = try await helpdesk.knownIssues.mailDigest(since: try helpdesk.knownIssues.digestStart(form.since), by: web.signedIn.acting)
            var model = try await KnownIssueDigestPage.query(helpdesk, since: since, actor: web.signedIn.principal)
            model.notice = "The digest (\(sent.issues.count) published known issue\(sent.issues.count == 1 ? "" : "s")) waits in the outbox for \(model.mailAddress ?? "the list")."
            return request.render(KnownIssueDigestPage.self, model)
        }
    }

    struct ActionForm: Content {
        var title: String?
        var symptoms: String?
        var impact: String?
        var workaround: String?
        var components: String?
        var versions: String?
        var published: String?
        var resolution: String?
        var ticket: String?

        var typed: [String: String] {
            var typed: [String: String] = [:]
            for case let (name, value?) in [("title", title), ("symptoms", symptoms), ("impact", impact), ("workaround", workaround),
                                           ("components", components), ("versions", versions), ("published", published),
                                           ("resolution", resolution), ("ticket", ticket)] {
                typed[name] = value
            }
            return typed
        }
    }

    func act(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let number = try number(request)
        guard let action = request.parameters.get("action").flatMap(KnownIssuePage.Action.init(rawValue:)) else {
            throw HelpdeskError.notFound("There is no such action.")
        }
        let helpdesk = request.helpdesk
        let acting = web.signedIn.acting
        let form = try request.content.decode(ActionForm.self)
        return try await request.submit(KnownIssuePage.self, reload: { try await KnownIssuePage.query(helpdesk, number: number, actor: acting.principal) },
                                        show: { model, error in
            model.error = error.message
            model.refused = action
            if case .invalid(let errors) = error { model.fieldErrors = errors.messages }
            model.typed = form.typed
        }) {
            let notice: String
            switch action {
            case .edit:
                // An emptied workaround field clears the workaround.
                _ = try await helpdesk.knownIssues.update(number, KnownIssueInput(
                    title: form.title, symptoms: form.symptoms, impact: form.impact, workaround: form.workaround ?? "",
                    components: KnownIssueText.entries(typed: form.components), versions: KnownIssueText.entries(typed: form.versions),
                    published: form.published.map { $0 == "true" }), by: acting)
                notice = "Saved."
            case .resolve:
                _ = try await helpdesk.knownIssues.resolve(number, resolution: form.resolution, by: acting)
                notice = "KI-\(number) is resolved."
            case .reopen:
                _ = try await helpdesk.knownIssues.reopen(number, by: acting)
                notice = "KI-\(number) is open again."
            case .link, .unlink:
                guard let ticket = form.ticket.flatMap({ Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "# "))) }), ticket > 0 else {
                    throw HelpdeskError.invalid("ticket", "Give a ticket number.")
                }
                if action == .link {
                    _ = try await helpdesk.knownIssues.link(number, ticket: ticket, by: acting)
                    notice = "Ticket #\(ticket) is linked."
                } else {
                    _ = try await helpdesk.knownIssues.unlink(number, ticket: ticket, by: acting)
                    notice = "Ticket #\(ticket) is unlinked."
                }
            }
            var model = try await KnownIssuePage.query(helpdesk, number: number, actor: acting.principal)
            model.notice = notice
            return request.render(KnownIssuePage.self, model)
        }
    }
}
