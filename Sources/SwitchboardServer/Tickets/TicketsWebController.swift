import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The web pages of tickets: the dashboard, search, filing a ticket, the ticket page and its
/// forms, and attachment downloads.
struct TicketsWebController {
    let attachmentMaxBytes: Int

    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.tickets.pathComponents, use: dashboard)
        signedIn.get(SiteURL.newTicket.pathComponents, use: newTicketForm)
        signedIn.post(SiteURL.newTicket.pathComponents, use: createTicket)
        signedIn.get(SiteURL.ticket(.key).pathComponents, use: ticket)
        // A ticket's forms include the attachment upload.
        signedIn.post(SiteURL.ticketAction(.key, .key).pathComponents, acceptingBodiesUpTo: ByteCount(value: attachmentMaxBytes + 64 * 1024),
                      use: ticketAction)
        signedIn.get(SiteURL.attachment(ticket: .key, id: .key).pathComponents, use: attachment)
        signedIn.get(SiteURL.search.pathComponents, use: search)
        signedIn.post(SiteURL.bulkChange.pathComponents, use: bulkChange)
    }

    func dashboard(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        var filters = DashboardPage.Filters()
        filters.status = request.query[String.self, at: "status"].flatMap(TicketStatus.init(rawValue:))
        filters.priority = request.query[String.self, at: "priority"].flatMap(TicketPriority.init(rawValue:))
        filters.unit = request.query[String.self, at: "unit"].flatMap(UUID.init(uuidString:))
        filters.olderThanDays = request.query[String.self, at: "age"].flatMap(Int.init).flatMap { (1...3650).contains($0) ? $0 : nil }
        filters.sort = request.query[String.self, at: "sort"].flatMap(TicketSort.init(rawValue:)) ?? .createdDescending
        let model = try await DashboardPage.query(request.helpdesk, actor: web.signedIn.principal, lists: web.lists, filters: filters)
        return request.render(DashboardPage.self, model)
    }

    func search(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let model = try await SearchPage.query(request.helpdesk, actor: web.signedIn.principal, url: request.url)
        return request.render(SearchPage.self, model, status: model.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct BulkForm: Content {
        var change: String?
        var status: String?
        var supportUnit: String?
        var priority: String?
        var assignee: String?
        var note: String?
        /// The query of the search the tickets were selected in, to show it again.
        var search: String?

        func chosenChange() throws -> BulkChange.Change {
            // The form sends every field, the unused ones empty.
            func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
            return try BulkChangeInput(tickets: [], change: change, status: given(status), unit: given(supportUnit), priority: given(priority),
                                       assignee: given(assignee), note: note).chosenChange()
        }
    }

    /// The ticket numbers a form sent (`ticket`, once per ticked row).
    static func ticketNumbers(in request: Request) throws -> [Int] {
        try request.formValues("ticket").map { value in
            guard let number = Int(value), number > 0 else { throw HelpdeskError.invalid("ticket", "'\(value)' is not a ticket number.") }
            return number
        }
    }

    /// Changes the tickets ticked in a list, each by the same rules as on its own page, and shows
    /// the list again with what changed and what was refused.
    func bulkChange(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let acting = web.signedIn.acting
        let helpdesk = request.helpdesk
        let form = try request.content.decode(BulkForm.self)
        var outcome: BulkChange.Outcome?
        var refusal: String?
        do {
            let tickets = try Self.ticketNumbers(in: request)
            outcome = try await helpdesk.tickets.bulkChange(tickets, try form.chosenChange(), by: acting)
        } catch let error as HelpdeskError {
            refusal = error.message
        }
        let query = (form.search ?? "").filter { !$0.isWhitespace && !$0.isNewline }
        var model = try await SearchPage.query(helpdesk, actor: acting.principal,
                                              url: URI(string: SiteURL.search.with(rawQuery: query)))
        model.bulkOutcome = outcome
        model.bulkError = refusal
        try await request.refreshViewerLists()
        return request.render(SearchPage.self, model, status: refusal == nil ? .ok : .unprocessableEntity)
    }

    func newTicketModel(_ request: Request, values: [String: String] = [:], errors: [String: [String]] = [:]) async throws -> NewTicketPage.Model {
        let signedIn = try request.webSession().signedIn
        let actor = signedIn.principal
        let choices = actor.isSupporter || actor.isAdmin ? try await request.helpdesk.units.unitChoices() : nil
        let voChoices = try await request.helpdesk.identities.virtualOrganisations(of: try signedIn.user.requireID())
        var values = values
        // One VO: it is the ticket's, unless the person types another.
        if values.isEmpty, voChoices.count == 1 { values["vo"] = voChoices[0] }
        return NewTicketPage.Model(values: values, errors: errors, unitChoices: choices,
                                   componentSuggestions: try await request.helpdesk.products.componentNames(), voChoices: voChoices)
    }

    func newTicketForm(_ request: Request) async throws -> Response {
        request.render(NewTicketPage.self, try await newTicketModel(request))
    }

    struct TicketForm: Content {
        var subject: String?
        var description: String?
        var priority: String?
        var category: String?
        var affectedSite: String?
        var vo: String?
        var component: String?
        var componentVersion: String?
        var cc: String?
        var notificationMode: String?
        var supportUnit: String?

        var values: [String: String] {
            var values: [String: String] = [:]
            for (key, value) in [("subject", subject), ("description", description), ("priority", priority), ("category", category),
                                 ("affectedSite", affectedSite), ("vo", vo), ("component", component), ("componentVersion", componentVersion),
                                 ("cc", cc), ("notificationMode", notificationMode), ("supportUnit", supportUnit)] {
                if let value { values[key] = value }
            }
            return values
        }
    }

    func createTicket(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let form = try request.content.decode(TicketForm.self)
        let cc = (form.cc ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let input = NewTicketInput(
            subject: form.subject, description: form.description, priority: form.priority, category: form.category,
            affectedSite: form.affectedSite, vo: form.vo, component: form.component, componentVersion: form.componentVersion,
            cc: cc, notificationMode: form.notificationMode, supportUnit: form.supportUnit)
        do {
            let ticket = try await request.helpdesk.tickets.createTicket(input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.ticket(.value(try ticket.requireID())).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = try await newTicketModel(request, values: form.values, errors: errors.messages)
            return request.render(NewTicketPage.self, model, status: .unprocessableEntity)
        }
    }

    func ticket(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathID("ticketID")
        var model = try await TicketPage.query(request.helpdesk, id: id, actor: web.signedIn.principal)
        if model.can.reply {
            model.templates = try await request.helpdesk.replyTemplates.filled(forTicket: id, for: web.signedIn.principal)
            // `?template=ID` puts that template's text in the reply box.
            if let chosen = request.query[String.self, at: "template"].flatMap(UUID.init(uuidString:)) {
                model.chosenTemplate = model.templates.first { $0.template.id == chosen }
            }
        }
        return request.render(TicketPage.self, model)
    }

    struct ActionForm: Content {
        var body: String?
        /// The reply template the reply's text came from.
        var template: String?
        var supportUnit: String?
        var assignee: String?
        var note: String?
        var noteVisibility: String?
        var status: String?
        var priority: String?
        var justification: String?
        var user: String?
        var kind: String?
        var ticket: String?
        var visibility: String?
        var eta: String?
        /// The fix form: the released version (its component is `component`).
        var version: String?
        var file: File?
        // The details form.
        var subject: String?
        var affectedSite: String?
        var vo: String?
        var component: String?
        var componentVersion: String?
        var fixedVersion: String?
        var cc: String?
        var notificationMode: String?
        // A requirement's estimate and route.
        var personDays: String?
        var to: String?
        // A known issue documented from the ticket, or the one to link it to.
        var title: String?
        var symptoms: String?
        var impact: String?
        var workaround: String?
        var components: String?
        var versions: String?
        var published: String?
        var knownIssue: String?

        /// What was typed into the form, by field name, to show it again when it is refused.
        var typed: [String: String] {
            let sent: [(String, String?)] = [
                ("body", body), ("note", note), ("justification", justification), ("priority", priority), ("kind", kind), ("ticket", ticket),
                ("eta", eta), ("version", version), ("subject", subject), ("affectedSite", affectedSite), ("vo", vo), ("component", component),
                ("componentVersion", componentVersion), ("fixedVersion", fixedVersion), ("cc", cc), ("notificationMode", notificationMode),
                ("personDays", personDays), ("supportUnit", supportUnit), ("title", title), ("symptoms", symptoms), ("impact", impact),
                ("workaround", workaround), ("components", components), ("versions", versions), ("published", published), ("knownIssue", knownIssue),
            ]
            var typed: [String: String] = [:]
            for case let (name, value?) in sent { typed[name] = value }
            return typed
        }

        /// The details the form sent: an emptied field is cleared, CC addresses split at commas.
        var detailEdits: [TicketField: TicketEditInput.Value] {
            let sent: [(TicketField, String?)] = [
                (.subject, subject), (.affectedSite, affectedSite), (.vo, vo), (.component, component),
                (.componentVersion, componentVersion), (.fixedVersion, fixedVersion), (.cc, cc), (.notificationMode, notificationMode),
            ]
            var edits: [TicketField: TicketEditInput.Value] = [:]
            for case let (field, value?) in sent {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                switch field {
                case .cc:
                    edits[field] = .list(trimmed.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init))
                case .subject, .notificationMode:
                    edits[field] = .text(trimmed)
                default:
                    edits[field] = trimmed.isEmpty ? .clear : .text(trimmed)
                }
            }
            return edits
        }
    }

    func ticketAction(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathID("ticketID")
        guard let action = request.parameters.get("action").flatMap(TicketFormAction.init(rawValue:)) else {
            throw HelpdeskError.notFound("There is no such action.")
        }
        let helpdesk = request.helpdesk
        let acting = web.signedIn.acting
        return try await request.submit(TicketPage.self, reload: { try await TicketPage.query(helpdesk, id: id, actor: acting.principal) },
                                        show: { model, error in
            model.error = error.message
            var refused = TicketPage.RefusedAction(action: action)
            if case .invalid(let errors) = error { refused.fieldErrors = errors.messages }
            // A file is not sent back to the browser; everything typed is.
            refused.typed = (try? request.content.decode(ActionForm.self))?.typed ?? [:]
            model.refused = refused
        }) {
            let form = try request.content.decode(ActionForm.self)
            switch action {
            case .reply:
                let template = try form.template.flatMap { $0.isEmpty ? nil : $0 }.map { text in
                    guard let id = UUID(uuidString: text) else { throw HelpdeskError.invalid("template", "There is no template '\(text)'.") }
                    return id
                }
                try await helpdesk.tickets.addComment(ticketID: id, body: form.body, visibility: .public, template: template, by: acting)
            case .note:
                try await helpdesk.tickets.addComment(ticketID: id, body: form.body, visibility: .internal, by: acting)
            case .assign:
                guard let unit = form.supportUnit, !unit.isEmpty else { throw HelpdeskError.invalid("supportUnit", "Choose a unit.") }
                let visibility = Visibility(rawValue: form.noteVisibility ?? "public") ?? .public
                try await helpdesk.tickets.assign(ticketID: id, unit: unit, assignee: nil, note: form.note, noteVisibility: visibility, by: acting)
            case .assignPerson:
                guard let person = form.assignee.flatMap(UUID.init(uuidString:)) else { throw HelpdeskError.invalid("assignee", "Choose a person.") }
                let ticket = try await helpdesk.ticketQueries.ticketDetail(id, for: acting.principal)
                try await helpdesk.tickets.assign(ticketID: id, unit: try ticket.unit.requireID().uuidString, assignee: person, note: nil, by: acting)
            case .status:
                guard let status = form.status.flatMap(TicketStatus.init(rawValue:)) else { throw HelpdeskError.invalid("status", "Choose a status.") }
                try await helpdesk.tickets.changeStatus(ticketID: id, to: status, note: form.note, by: acting)
            case .priority:
                guard let priority = form.priority.flatMap(TicketPriority.init(rawValue:)) else { throw HelpdeskError.invalid("priority", "Choose a priority.") }
                try await helpdesk.tickets.changePriority(ticketID: id, to: priority, justification: form.justification, by: acting)
            case .involve:
                let user = form.user.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
                try await helpdesk.tickets.involve(ticketID: id, unit: form.supportUnit, user: user, by: acting)
            case .link:
                guard let kind = form.kind.flatMap(TicketLinkKind.init(rawValue:)),
                      let other = form.ticket.flatMap({ Int($0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#"))) })
                else { throw HelpdeskError.invalid("ticket", "Give the number of the other ticket.") }
                try await helpdesk.tickets.link(ticketID: id, kind: kind, to: other, by: acting)
            case .attach:
                guard let file = form.file, file.data.readableBytes > 0 else { throw HelpdeskError.invalid("file", "Choose a file to upload.") }
                let visibility = Visibility(rawValue: form.visibility ?? "public") ?? .public
                try await helpdesk.tickets.addAttachment(ticketID: id, filename: file.filename, contentType: file.contentType?.serialize(),
                                                 data: Data(buffer: file.data), visibility: visibility, by: acting)
            case .escalate:
                try await helpdesk.escalation.escalate(ticketID: id, reason: form.note, by: acting)
            case .eta:
                guard let day = form.eta?.trimmingCharacters(in: .whitespaces), !day.isEmpty else {
                    throw HelpdeskError.invalid("eta", "Choose the expected fix date.")
                }
                try await helpdesk.tickets.editTicket(ticketID: id, TicketEditInput([.eta: .text(day)]), by: acting)
            case .details:
                let edits = form.detailEdits
                guard !edits.isEmpty else { throw HelpdeskError.invalid("details", "The form sent no details.") }
                try await helpdesk.tickets.editTicket(ticketID: id, TicketEditInput(edits), by: acting)
            case .fix:
                try await helpdesk.releases.recordFix(ticketID: id, component: form.component, version: form.version, note: form.note, by: acting)
            case .estimate:
                let text = (form.personDays ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
                guard let days = Double(text) else { throw HelpdeskError.invalid("personDays", "Give the effort as a number of person-days.") }
                try await helpdesk.requirements.estimate(ticketID: id, personDays: days, note: form.note, by: acting)
            case .requirementRoute:
                switch form.to.flatMap(RequirementRoute.init(rawValue:)) {
                case .productTeam?:
                    try await helpdesk.requirements.routeToProductTeam(ticketID: id, unit: form.supportUnit, note: form.note, by: acting)
                case .requirementsQueue?:
                    try await helpdesk.requirements.routeToRequirementsQueue(
                        ticketID: id, note: form.note, tracker: request.application.requirementsTracker, by: acting)
                case nil:
                    throw HelpdeskError.invalid("to", "Choose where the requirement goes.")
                }
            case .knownIssue:
                let issue = try await helpdesk.knownIssues.create(fromTicket: id, KnownIssueInput(
                    title: form.title, symptoms: form.symptoms, impact: form.impact, workaround: form.workaround,
                    components: KnownIssueText.entries(typed: form.components), versions: KnownIssueText.entries(typed: form.versions),
                    published: form.published == "true"), by: acting)
                return request.redirect(to: SiteURL.knownIssue(.value(issue.issue.id!)).path, redirectType: .normal)
            case .linkKnownIssue:
                guard let number = form.knownIssue.flatMap({ Int($0) }) else { throw HelpdeskError.invalid("knownIssue", "Choose a known issue.") }
                _ = try await helpdesk.knownIssues.link(number, ticket: id, by: acting)
            case .subscribe, .unsubscribe:
                try await helpdesk.tickets.setSubscribed(action == .subscribe, ticketID: id, by: acting)
                return request.redirect(to: SiteURL.ticket(.value(id)).path + "#actions", redirectType: .normal)
            }
            return request.redirect(to: SiteURL.ticket(.value(id)).path + "#timeline", redirectType: .normal)
        }
    }

    func attachment(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let file = try await request.helpdesk.ticketQueries.attachment(
            try request.pathUUID("attachmentID"), ofTicket: try request.pathID("ticketID"), for: web.signedIn.principal)
        return AttachmentDownload.response(file)
    }
}
