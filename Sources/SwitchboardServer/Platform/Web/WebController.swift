import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The web interface: every route of `SiteURL`, rendering the pages and taking their forms.
/// Each handler loads a page's model with the page's query, renders it with the page's view,
/// and checks every permission on the server through the helpdesk operations.
struct WebController {
    let attachmentMaxBytes: Int

    func boot(_ app: Application) {
        app.get("assets", "switchboard.css") { _ in Assets.response(Assets.stylesheet, type: "text/css; charset=utf-8") }
        app.get("assets", "switchboard.js") { _ in Assets.response(Assets.script, type: "text/javascript; charset=utf-8") }

        let web = app.grouped(NULCharacterGuard(), WebSessionAuthenticator(), CSRFProtection())
        web.get(use: home)
        web.get("sign-in", use: signInForm)
        web.post("sign-in", use: signIn)
        web.post("sign-out", use: signOut)

        let signedIn = web.grouped(RequireWebSession())
        signedIn.get("account", use: account)
        signedIn.post("account", "password", use: changePassword)
        signedIn.post("account", "tokens", use: createToken)
        signedIn.post("account", "mail", use: changeMailPreference)
        signedIn.post("account", "tokens", ":tokenID", "revoke", use: revokeToken)
        signedIn.get("tickets", use: dashboard)
        signedIn.get("tickets", "new", use: newTicketForm)
        signedIn.post("tickets", "new", use: createTicket)
        signedIn.get("tickets", ":ticketID", use: ticket)
        signedIn.post("tickets", ":ticketID", ":action", acceptingBodiesUpTo: ByteCount(value: attachmentMaxBytes + 64 * 1024), use: ticketAction)
        signedIn.get("tickets", ":ticketID", "attachments", ":attachmentID", use: attachment)
        signedIn.get("search", use: search)
        signedIn.get("units", use: units)
        signedIn.get("units", ":unitID", use: unit)
        signedIn.post("units", ":unitID", "members", use: addMember)
        signedIn.post("units", ":unitID", "members", ":userID", "remove", use: removeMember)
        signedIn.get("admin", "units", "new", use: newUnitForm)
        signedIn.post("admin", "units", "new", use: createUnit)
        signedIn.get("admin", "units", ":unitID", "edit", use: editUnitForm)
        signedIn.post("admin", "units", ":unitID", "edit", use: updateUnit)
        signedIn.get("units", ":unitID", "sweep", use: sweep)
        signedIn.post("units", ":unitID", "sweep", "notes", use: addSweepNote)
        signedIn.get("service-levels", use: serviceLevels)
        signedIn.get("response-violations", use: responseViolations)
        signedIn.post("service-levels", use: createServiceLevel)
        signedIn.get("admin", "service-levels", ":name", "edit", use: editServiceLevelForm)
        signedIn.post("admin", "service-levels", ":name", "edit", use: updateServiceLevel)
        signedIn.get("admin", "calendars", use: calendars)
        signedIn.post("admin", "calendars", use: createCalendar)
        signedIn.get("admin", "calendars", ":calendarID", use: calendar)
        signedIn.post("admin", "calendars", ":calendarID", "holidays", acceptingBodiesUpTo: "1mb", use: addHolidays)
        signedIn.get("admin", "mail", use: mail)
        signedIn.post("admin", "mail", ":messageID", "retry", use: retryMail)
        signedIn.get("admin", "users", use: users)
        signedIn.post("admin", "users", use: createUser)
        signedIn.get("admin", "users", ":userID", "edit", use: editUserForm)
        signedIn.post("admin", "users", ":userID", "edit", use: updateUser)
        // Any other address: a 404 page that still knows who is signed in.
        web.get("**") { request -> Response in
            throw HelpdeskError.notFound(ProblemMiddleware.isWebPage(request) ? "There is no page at this address." : "Not Found")
        }
    }

    // MARK: Helpers

    static func context(_ request: Request) -> PageContext {
        if let web = request.auth.get(WebSignedIn.self) {
            let actor = web.signedIn.principal
            return PageContext(
                viewer: .init(displayName: web.signedIn.user.displayName, isSupporter: actor.isSupporter, isAdmin: actor.isAdmin),
                csrfToken: web.csrfToken, now: request.now)
        }
        return .anonymous(csrfToken: request.cookies[WebCookies.signInCSRF]?.string ?? "", now: request.now)
    }

    static func html(_ body: String, status: HTTPStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }

    private func web(_ request: Request) throws -> WebSignedIn {
        guard let web = request.auth.get(WebSignedIn.self) else { throw HelpdeskError.unauthenticated("Sign in first.") }
        return web
    }

    /// The status a refused operation answers with on a page.
    private static func status(for error: HelpdeskError) -> HTTPStatus {
        switch error {
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .payloadTooLarge
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .invalid: .unprocessableEntity
        }
    }

    private func parameterID(_ request: Request, _ name: String) throws -> Int {
        guard let value = request.parameters.get(name).flatMap(Int.init), value > 0 else {
            throw HelpdeskError.notFound("There is no such ticket.")
        }
        return value
    }

    private func parameterUUID(_ request: Request, _ name: String) throws -> UUID {
        guard let value = request.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no such page.")
        }
        return value
    }

    /// A path on this site to return to after signing in; anything else goes to the start page.
    static func safeNext(_ next: String?) -> String {
        RedirectTarget.sitePath(next, fallback: SiteURL.home.path)
    }

    // MARK: Sign-in

    func home(_ request: Request) async throws -> Response {
        request.redirect(to: request.auth.has(WebSignedIn.self) ? SiteURL.tickets.path : SiteURL.signIn.path)
    }

    func signInForm(_ request: Request) async throws -> Response {
        if request.auth.has(WebSignedIn.self) { return request.redirect(to: SiteURL.home.path) }
        return renderSignIn(request, model: SignInPage.Model(next: request.query[String.self, at: "next"]), status: .ok)
    }

    private func renderSignIn(_ request: Request, model: SignInPage.Model, status: HTTPStatus) -> Response {
        let token = request.cookies[WebCookies.signInCSRF]?.string ?? TokenDigest.newToken()
        let context = PageContext.anonymous(csrfToken: token, now: request.now)
        let response = Self.html(SignInPage.render(model, context: context), status: status)
        response.cookies[WebCookies.signInCSRF] = WebCookies.value(token, request: request, maxAge: 3600)
        return response
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = EmailAddress.normalise(form.email ?? "")
        var model = SignInPage.Model(email: form.email ?? "", next: form.next)
        do {
            let (token, _) = try await request.helpdesk.sessions.signIn(email: email, password: form.password ?? "", client: request.clientAddress)
            let response = request.redirect(to: Self.safeNext(form.next), redirectType: .normal)
            response.cookies[WebCookies.session] = WebCookies.value(token, request: request, maxAge: Int(SessionOperations.sessionLifetime))
            response.cookies[WebCookies.signInCSRF] = WebCookies.value("", request: request, maxAge: 0)
            return response
        } catch HelpdeskError.tooManyRequests(let message, let seconds) {
            model.message = message
            let response = renderSignIn(request, model: model, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        } catch let error as HelpdeskError {
            model.message = error.message
            return renderSignIn(request, model: model, status: .unauthorized)
        }
    }

    func signOut(_ request: Request) async throws -> Response {
        if let web = request.auth.get(WebSignedIn.self) {
            try await request.helpdesk.sessions.signOut(sessionToken: web.sessionToken)
        }
        let response = request.redirect(to: SiteURL.signIn.path, redirectType: .normal)
        response.cookies[WebCookies.session] = WebCookies.value("", request: request, maxAge: 0)
        return response
    }

    // MARK: Account

    func account(_ request: Request) async throws -> Response {
        Self.html(AccountPage.render(try await accountModel(request), context: Self.context(request)))
    }

    private func accountModel(_ request: Request) async throws -> AccountPage.Model {
        let web = try web(request)
        let user = web.signedIn.user
        let memberships = try await MembershipModel.query(on: request.db).filter(\.$user.$id == user.requireID()).with(\.$unit).all()
        let tokens = try await request.helpdesk.accounts.tokens(of: user)
        return AccountPage.Model(
            email: user.email, displayName: user.displayName,
            memberships: memberships.map { (unit: $0.unit.name, role: Format.label($0.role.rawValue).lowercased()) },
            tokens: tokens.map { AccountPage.Token(id: $0.id!, name: $0.name, createdAt: $0.createdAt, revokedAt: $0.revokedAt) },
            notifyOwnChanges: try await UserModel.find(user.requireID(), on: request.db)?.notifyOwnChanges ?? false)
    }

    struct MailPreferenceForm: Content {
        var notifyOwnChanges: String?
    }

    func changeMailPreference(_ request: Request) async throws -> Response {
        let web = try web(request)
        let form = try request.content.decode(MailPreferenceForm.self)
        try await request.helpdesk.accounts.setNotifyOwnChanges(form.notifyOwnChanges == "true", for: web.signedIn.user.requireID())
        var model = try await accountModel(request)
        model.notice = model.notifyOwnChanges ? "You will be mailed about your own changes too." : "You will not be mailed about your own changes."
        return Self.html(AccountPage.render(model, context: Self.context(request)))
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
    }

    func changePassword(_ request: Request) async throws -> Response {
        let web = try web(request)
        let form = try request.content.decode(PasswordForm.self)
        var model = try await accountModel(request)
        do {
            try await request.helpdesk.sessions.changePassword(user: web.signedIn.user, current: form.current ?? "", new: form.new ?? "",
                                                      keepingSession: web.sessionToken, client: request.clientAddress)
            model = try await accountModel(request)
            model.notice = "Your password was changed. Other browsers were signed out and your API tokens were revoked."
            return Self.html(AccountPage.render(model, context: Self.context(request)))
        } catch HelpdeskError.invalid(let errors) {
            model.passwordErrors = errors.messages
            return Self.html(AccountPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        } catch HelpdeskError.tooManyRequests(let message, let seconds) {
            model.passwordErrors = ["current": [message]]
            let response = Self.html(AccountPage.render(model, context: Self.context(request)), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        }
    }

    struct TokenForm: Content {
        var name: String?
    }

    func createToken(_ request: Request) async throws -> Response {
        let web = try web(request)
        let name = (try request.content.decode(TokenForm.self).name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            var model = try await accountModel(request)
            model.tokenNameErrors = ["Give the token a name."]
            return Self.html(AccountPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
        let issued = try await request.helpdesk.accounts.issueToken(for: web.signedIn.user, name: name)
        var model = try await accountModel(request)
        model.newToken = issued.token
        return Self.html(AccountPage.render(model, context: Self.context(request)), status: .created)
    }

    func revokeToken(_ request: Request) async throws -> Response {
        let web = try web(request)
        try await request.helpdesk.accounts.revokeToken(id: try parameterUUID(request, "tokenID"), by: web.signedIn.acting)
        var model = try await accountModel(request)
        model.notice = "The token was revoked."
        return Self.html(AccountPage.render(model, context: Self.context(request)))
    }

    // MARK: Tickets

    func dashboard(_ request: Request) async throws -> Response {
        let web = try web(request)
        var filters = DashboardPage.Filters()
        filters.status = request.query[String.self, at: "status"].flatMap(TicketStatus.init(rawValue:))
        filters.priority = request.query[String.self, at: "priority"].flatMap(TicketPriority.init(rawValue:))
        filters.unit = request.query[String.self, at: "unit"].flatMap(UUID.init(uuidString:))
        filters.olderThanDays = request.query[String.self, at: "age"].flatMap(Int.init).flatMap { (1...3650).contains($0) ? $0 : nil }
        filters.sort = request.query[String.self, at: "sort"].flatMap(TicketSort.init(rawValue:)) ?? .createdDescending
        let model = try await DashboardPage.query(request.helpdesk, actor: web.signedIn.principal, filters: filters)
        return Self.html(DashboardPage.render(model, context: Self.context(request)))
    }

    func search(_ request: Request) async throws -> Response {
        let web = try web(request)
        let model = try await SearchPage.query(request.helpdesk, actor: web.signedIn.principal, url: request.url)
        return Self.html(SearchPage.render(model, context: Self.context(request)), status: model.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    private func newTicketModel(_ request: Request, values: [String: String] = [:], errors: [String: [String]] = [:]) async throws -> NewTicketPage.Model {
        let actor = try web(request).signedIn.principal
        let choices = actor.isSupporter || actor.isAdmin ? try await request.helpdesk.units.unitChoices() : nil
        return NewTicketPage.Model(values: values, errors: errors, unitChoices: choices)
    }

    func newTicketForm(_ request: Request) async throws -> Response {
        Self.html(NewTicketPage.render(try await newTicketModel(request), context: Self.context(request)))
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
        let web = try web(request)
        let form = try request.content.decode(TicketForm.self)
        let cc = (form.cc ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let input = NewTicketInput(
            subject: form.subject, description: form.description, priority: form.priority, category: form.category,
            affectedSite: form.affectedSite, vo: form.vo, component: form.component, componentVersion: form.componentVersion,
            cc: cc, notificationMode: form.notificationMode, supportUnit: form.supportUnit)
        do {
            let ticket = try await request.helpdesk.tickets.createTicket(input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.ticket(ticket.id!).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = try await newTicketModel(request, values: form.values, errors: errors.messages)
            return Self.html(NewTicketPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    func ticket(_ request: Request) async throws -> Response {
        let web = try web(request)
        let model = try await TicketPage.query(request.helpdesk, id: try parameterID(request, "ticketID"), actor: web.signedIn.principal)
        return Self.html(TicketPage.render(model, context: Self.context(request)))
    }

    struct ActionForm: Content {
        var body: String?
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
        let web = try web(request)
        let id = try parameterID(request, "ticketID")
        guard let action = request.parameters.get("action").flatMap(TicketFormAction.init(rawValue:)) else {
            throw HelpdeskError.notFound("There is no such action.")
        }
        let helpdesk = request.helpdesk
        let acting = web.signedIn.acting
        do {
            let form = try request.content.decode(ActionForm.self)
            switch action {
            case .reply:
                try await helpdesk.tickets.addComment(ticketID: id, body: form.body, visibility: .public, by: acting)
            case .note:
                try await helpdesk.tickets.addComment(ticketID: id, body: form.body, visibility: .internal, by: acting)
            case .assign:
                let visibility = Visibility(rawValue: form.noteVisibility ?? "public") ?? .public
                try await helpdesk.tickets.assign(ticketID: id, unit: form.supportUnit, assignee: nil, note: form.note, noteVisibility: visibility, by: acting)
            case .assignPerson:
                guard let person = form.assignee.flatMap(UUID.init(uuidString:)) else { throw HelpdeskError.invalid("assignee", "Choose a person.") }
                let ticket = try await helpdesk.ticketQueries.ticketDetail(id, for: acting.principal)
                try await helpdesk.tickets.assign(ticketID: id, unit: ticket.unit.id!.uuidString, assignee: person, note: nil, by: acting)
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
            case .subscribe, .unsubscribe:
                try await helpdesk.tickets.setSubscribed(action == .subscribe, ticketID: id, by: acting)
                return request.redirect(to: SiteURL.ticket(id).path + "#actions", redirectType: .normal)
            }
            return request.redirect(to: SiteURL.ticket(id).path + "#timeline", redirectType: .normal)
        } catch let error as HelpdeskError {
            if case .notFound = error { throw error }
            var model = try await TicketPage.query(helpdesk, id: id, actor: acting.principal)
            model.error = error.message
            return Self.html(TicketPage.render(model, context: Self.context(request)), status: Self.status(for: error))
        }
    }

    func attachment(_ request: Request) async throws -> Response {
        let web = try web(request)
        let file = try await request.helpdesk.ticketQueries.attachment(
            try parameterUUID(request, "attachmentID"), ofTicket: try parameterID(request, "ticketID"), for: web.signedIn.principal)
        return AttachmentDownload.response(file)
    }

    // MARK: Units and users

    func units(_ request: Request) async throws -> Response {
        let model = try await UnitsPage.query(request.helpdesk, actor: try web(request).signedIn.principal)
        return Self.html(UnitsPage.render(model, context: Self.context(request)))
    }

    func unit(_ request: Request) async throws -> Response {
        let model = try await UnitPage.query(request.helpdesk, id: try parameterUUID(request, "unitID"), actor: try web(request).signedIn.principal)
        return Self.html(UnitPage.render(model, context: Self.context(request)))
    }

    struct MemberForm: Content {
        var email: String?
        var role: String?
    }

    func addMember(_ request: Request) async throws -> Response {
        let web = try web(request)
        let unitID = try parameterUUID(request, "unitID")
        let form = try request.content.decode(MemberForm.self)
        var model = try await UnitPage.query(request.helpdesk, id: unitID, actor: web.signedIn.principal)
        guard model.mayManageMembers else { throw HelpdeskError.forbidden("Only administrators and the unit's unit admins may add members.") }
        let email = EmailAddress.normalise(form.email ?? "")
        guard let user = try await UserModel.query(on: request.db).filter(\.$email == email).first() else {
            model.memberErrors = ["email": ["There is no account with the address \(email); an administrator creates it first."]]
            model.memberValues = ["email": form.email ?? "", "role": form.role ?? ""]
            return Self.html(UnitPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
        let role = form.role.flatMap(MembershipRole.init(rawValue:)) ?? .member
        _ = try await request.helpdesk.units.addMember(unitID: unitID, userID: user.id!, role: role, by: web.signedIn.acting)
        model = try await UnitPage.query(request.helpdesk, id: unitID, actor: web.signedIn.principal)
        model.notice = "\(user.displayName) is now a member."
        return Self.html(UnitPage.render(model, context: Self.context(request)))
    }

    func removeMember(_ request: Request) async throws -> Response {
        let web = try web(request)
        let unitID = try parameterUUID(request, "unitID")
        try await request.helpdesk.units.removeMember(unitID: unitID, userID: try parameterUUID(request, "userID"), by: web.signedIn.acting)
        var model = try await UnitPage.query(request.helpdesk, id: unitID, actor: web.signedIn.principal)
        model.notice = "The member was removed."
        return Self.html(UnitPage.render(model, context: Self.context(request)))
    }

    // MARK: Sweep, service levels, calendars

    func sweep(_ request: Request) async throws -> Response {
        let web = try web(request)
        let model = try await SweepPage.query(request.helpdesk, unitID: try parameterUUID(request, "unitID"), acting: web.signedIn.acting)
        return Self.html(SweepPage.render(model, context: Self.context(request)))
    }

    struct SweepNoteForm: Content {
        var ticket: String?
        var note: String?
    }

    func addSweepNote(_ request: Request) async throws -> Response {
        let web = try web(request)
        let unitID = try parameterUUID(request, "unitID")
        let form = try request.content.decode(SweepNoteForm.self)
        do {
            guard let ticket = form.ticket.flatMap(Int.init) else { throw HelpdeskError.invalid("ticket", "Which ticket is the note for?") }
            try await request.helpdesk.sweep.addSweepNote(ticketID: ticket, note: form.note, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.sweep(unitID).path + "#ticket-\(ticket)", redirectType: .normal)
        } catch let error as HelpdeskError {
            if case .notFound = error { throw error }
            var model = try await SweepPage.query(request.helpdesk, unitID: unitID, acting: web.signedIn.acting)
            model.error = error.message
            return Self.html(SweepPage.render(model, context: Self.context(request)), status: Self.status(for: error))
        }
    }

    func responseViolations(_ request: Request) async throws -> Response {
        let web = try web(request)
        let model = try await ResponseViolationsPage.query(request.helpdesk, actor: web.signedIn.principal, url: request.url)
        return Self.html(ResponseViolationsPage.render(model, context: Self.context(request)))
    }

    func serviceLevels(_ request: Request) async throws -> Response {
        let model = try await ServiceLevelsPage.query(request.helpdesk, actor: try web(request).signedIn.principal)
        return Self.html(ServiceLevelsPage.render(model, context: Self.context(request)))
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
        let web = try requireAdmin(request)
        let form = try request.content.decode(ServiceLevelForm.self)
        do {
            let level = try await request.helpdesk.serviceLevels.createServiceLevel(form.input, by: web.signedIn.acting)
            var model = try await ServiceLevelsPage.query(request.helpdesk, actor: web.signedIn.principal)
            model.notice = "Added \(level.name)."
            return Self.html(ServiceLevelsPage.render(model, context: Self.context(request)), status: .created)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await ServiceLevelsPage.query(request.helpdesk, actor: web.signedIn.principal)
            model.values = form.values
            model.errors = errors.messages
            return Self.html(ServiceLevelsPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    func editServiceLevelForm(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        let name = request.parameters.get("name") ?? ""
        guard let level = try await ServiceLevelModel.query(on: request.db).filter(\.$name == name).first()?.level else {
            throw HelpdeskError.notFound("There is no such service level.")
        }
        let model = ServiceLevelEditPage.Model(name: name, values: ServiceLevelEditPage.values(of: level))
        return Self.html(ServiceLevelEditPage.render(model, context: Self.context(request)))
    }

    func updateServiceLevel(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let name = request.parameters.get("name") ?? ""
        let form = try request.content.decode(ServiceLevelForm.self)
        do {
            _ = try await request.helpdesk.serviceLevels.updateServiceLevel(named: name, form.input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.serviceLevels.path + "#level-\(name)", redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = ServiceLevelEditPage.Model(name: name, values: form.values, errors: errors.messages)
            return Self.html(ServiceLevelEditPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    func calendars(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        return Self.html(CalendarsPage.render(try await CalendarsPage.query(request.helpdesk), context: Self.context(request)))
    }

    func createCalendar(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let input = try request.content.decode(NewCalendarInput.self)
        do {
            let calendar = try await request.helpdesk.calendars.createCalendar(input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.calendar(calendar.id!).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await CalendarsPage.query(request.helpdesk)
            model.values = ["name": input.name, "timeZone": input.timeZone, "hours": input.hours].compactMapValues { $0 }
            model.errors = errors.messages
            return Self.html(CalendarsPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    func calendar(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        let model = try await CalendarPage.query(request.helpdesk, id: try parameterUUID(request, "calendarID"))
        return Self.html(CalendarPage.render(model, context: Self.context(request)))
    }

    struct HolidaysForm: Content {
        var holidays: String?
        var file: File?
    }

    func addHolidays(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let id = try parameterUUID(request, "calendarID")
        let form = try request.content.decode(HolidaysForm.self)
        let helpdesk = request.helpdesk
        do {
            var added = 0
            if let file = form.file, file.data.readableBytes > 0 {
                added += try await helpdesk.calendars.importHolidays(ics: String(buffer: file.data), toCalendar: id.uuidString, by: web.signedIn.acting)
            }
            let typed = form.holidays ?? ""
            if !typed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if typed.contains("BEGIN:VCALENDAR") {
                    added += try await helpdesk.calendars.importHolidays(ics: typed, toCalendar: id.uuidString, by: web.signedIn.acting)
                } else {
                    added += try await helpdesk.calendars.addHolidays(try CalendarPage.parseLines(typed).get(), toCalendar: id.uuidString, by: web.signedIn.acting)
                }
            } else if form.file == nil || form.file!.data.readableBytes == 0 {
                throw HelpdeskError.invalid("holidays", "Type holidays or choose an iCalendar file.")
            }
            var model = try await CalendarPage.query(helpdesk, id: id)
            model.notice = "Added \(added) holiday\(added == 1 ? "" : "s")."
            return Self.html(CalendarPage.render(model, context: Self.context(request)))
        } catch let error as HelpdeskError {
            if case .notFound = error { throw error }
            var model = try await CalendarPage.query(helpdesk, id: id)
            model.error = error.message
            model.holidayText = form.holidays ?? ""
            return Self.html(CalendarPage.render(model, context: Self.context(request)), status: Self.status(for: error))
        }
    }

    func mail(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        return Self.html(MailPage.render(try await MailPage.query(request.helpdesk), context: Self.context(request)))
    }

    func retryMail(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let message = try await request.helpdesk.mailDelivery.retry(try parameterUUID(request, "messageID"), by: web.signedIn.acting)
        var model = try await MailPage.query(request.helpdesk)
        model.notice = "The message “\(message.subject)” will be sent at the next pass."
        return Self.html(MailPage.render(model, context: Self.context(request)))
    }

    private func requireAdmin(_ request: Request) throws -> WebSignedIn {
        let web = try web(request)
        guard Permissions.mayAdminister(web.signedIn.principal) else { throw HelpdeskError.forbidden("This page is for administrators.") }
        return web
    }

    struct UnitForm: Content {
        var name: String?
        var tier: String?
        var parent: String?
        var mailingList: String?
        var serviceLevel: String?
        var timeZone: String?
        var sweepDays: String?

        var input: NewSupportUnitInput {
            NewSupportUnitInput(name: name, tier: tier, parent: parent, mailingList: mailingList, serviceLevel: serviceLevel, timeZone: timeZone,
                                sweepDays: sweepDays)
        }

        var values: [String: String] {
            ["name": name, "tier": tier, "parent": parent, "mailingList": mailingList, "serviceLevel": serviceLevel, "timeZone": timeZone,
             "sweepDays": sweepDays].compactMapValues { $0 }
        }
    }

    func newUnitForm(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        let model = UnitFormPage.Model(unitID: nil, values: [:], parents: try await UnitFormPage.parents(request.helpdesk, excluding: nil),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
        return Self.html(UnitFormPage.render(model, context: Self.context(request)))
    }

    func createUnit(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let form = try request.content.decode(UnitForm.self)
        do {
            let unit = try await request.helpdesk.units.createSupportUnit(form.input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.unit(unit.id!).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = UnitFormPage.Model(unitID: nil, values: form.values, errors: errors.messages, parents: try await UnitFormPage.parents(request.helpdesk, excluding: nil),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
            return Self.html(UnitFormPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    func editUnitForm(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        let id = try parameterUUID(request, "unitID")
        guard let unit = try await SupportUnitModel.find(id, on: request.db) else { throw HelpdeskError.notFound("There is no such support unit.") }
        let values = ["name": unit.name, "tier": unit.tier.rawValue, "parent": unit.$parent.id?.uuidString ?? "", "mailingList": unit.mailingList,
                      "serviceLevel": unit.serviceLevel, "timeZone": unit.timeZone, "sweepDays": unit.sweepDays ?? ""]
        let model = UnitFormPage.Model(unitID: id, values: values, parents: try await UnitFormPage.parents(request.helpdesk, excluding: id),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
        return Self.html(UnitFormPage.render(model, context: Self.context(request)))
    }

    func updateUnit(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let id = try parameterUUID(request, "unitID")
        let form = try request.content.decode(UnitForm.self)
        do {
            _ = try await request.helpdesk.units.updateSupportUnit(id, form.input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.unit(id).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = UnitFormPage.Model(unitID: id, values: form.values, errors: errors.messages, parents: try await UnitFormPage.parents(request.helpdesk, excluding: id),
                                           levels: try await request.helpdesk.serviceLevels.all().map(\.name))
            return Self.html(UnitFormPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    func users(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        return Self.html(UsersPage.render(try await UsersPage.query(request.helpdesk), context: Self.context(request)))
    }

    func editUserForm(_ request: Request) async throws -> Response {
        _ = try requireAdmin(request)
        let id = try parameterUUID(request, "userID")
        guard let user = try await UserModel.find(id, on: request.db) else { throw HelpdeskError.notFound("There is no such user.") }
        let model = UserEditPage.Model(id: id, email: user.email, values: ["displayName": user.displayName, "isAdmin": user.isAdmin ? "true" : ""])
        return Self.html(UserEditPage.render(model, context: Self.context(request)))
    }

    func updateUser(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let id = try parameterUUID(request, "userID")
        guard let user = try await UserModel.find(id, on: request.db) else { throw HelpdeskError.notFound("There is no such user.") }
        let form = try request.content.decode(UserForm.self)
        let password = (form.password ?? "").isEmpty ? nil : form.password
        var model = UserEditPage.Model(id: id, email: user.email, values: ["displayName": form.displayName ?? "", "isAdmin": form.isAdmin ?? ""])
        do {
            _ = try await request.helpdesk.accounts.updateUser(id, UserUpdateInput(displayName: form.displayName ?? "", isAdmin: form.isAdmin == "true", password: password),
                                                      by: web.signedIn.acting)
            model.notice = "Saved."
            return Self.html(UserEditPage.render(model, context: Self.context(request)))
        } catch HelpdeskError.invalid(let errors) {
            model.errors = errors.messages
            return Self.html(UserEditPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }

    struct UserForm: Content {
        var email: String?
        var displayName: String?
        var password: String?
        var isAdmin: String?
    }

    func createUser(_ request: Request) async throws -> Response {
        let web = try requireAdmin(request)
        let form = try request.content.decode(UserForm.self)
        var model = try await UsersPage.query(request.helpdesk)
        do {
            let user = try await request.helpdesk.accounts.createUser(
                NewUserInput(email: form.email, displayName: form.displayName, password: form.password, isAdmin: form.isAdmin == "true"), by: web.signedIn.acting)
            model = try await UsersPage.query(request.helpdesk)
            model.notice = "Created \(user.email)."
            return Self.html(UsersPage.render(model, context: Self.context(request)), status: .created)
        } catch HelpdeskError.invalid(let errors) {
            model.values = ["email": form.email ?? "", "displayName": form.displayName ?? "", "isAdmin": form.isAdmin ?? ""]
            model.errors = errors.messages
            return Self.html(UsersPage.render(model, context: Self.context(request)), status: .unprocessableEntity)
        }
    }
}

/// Sends people who are not signed in to the sign-in page, and back afterwards.
struct RequireWebSession: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(WebSignedIn.self) else {
            let target = request.method == .GET ? request.url.string : SiteURL.home.path
            return request.redirect(to: SiteURL.signIn.with(query: [("next", target)]), redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}
