import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The web pages of accounts: signing in and out, one's own account (password, API tokens,
/// mail preference), and the administrators' list of people.
struct AccountsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        web.get(SiteURL.home.pathComponents, use: home)
        web.get(SiteURL.signIn.pathComponents, use: signInForm)
        web.post(SiteURL.signIn.pathComponents, use: signIn)
        web.post(SiteURL.signOut.pathComponents, use: signOut)
        signedIn.get(SiteURL.account.pathComponents, use: account)
        signedIn.post(SiteURL.accountPassword.pathComponents, use: changePassword)
        signedIn.post(SiteURL.accountTokens.pathComponents, use: createToken)
        signedIn.post(SiteURL.accountMail.pathComponents, use: changeMailPreference)
        signedIn.post(SiteURL.revokeToken(.key).pathComponents, use: revokeToken)
        signedIn.get(SiteURL.users.pathComponents, use: users)
        signedIn.post(SiteURL.users.pathComponents, use: createUser)
        signedIn.get(SiteURL.editUser(.key).pathComponents, use: editUserForm)
        signedIn.post(SiteURL.editUser(.key).pathComponents, use: updateUser)
    }

    func home(_ request: Request) async throws -> Response {
        request.redirect(to: request.auth.has(WebSignedIn.self) ? SiteURL.tickets.path : SiteURL.signIn.path)
    }

    func signInForm(_ request: Request) async throws -> Response {
        if request.auth.has(WebSignedIn.self) { return request.redirect(to: SiteURL.home.path) }
        return SignInPage.respond(request, SignInPage.Model(next: request.query[String.self, at: "next"]), status: .ok)
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
            return WebCookies.signedIn(request, sessionToken: token, next: form.next)
        } catch HelpdeskError.tooManyRequests(let message, let seconds) {
            model.message = message
            let response = SignInPage.respond(request, model, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        } catch let error as HelpdeskError {
            model.message = error.message
            return SignInPage.respond(request, model, status: error.pageStatus)
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

    func account(_ request: Request) async throws -> Response {
        request.render(AccountPage.self, try await accountModel(request))
    }

    func accountModel(_ request: Request) async throws -> AccountPage.Model {
        let web = try request.webSession()
        let user = web.signedIn.user
        let memberships = try await request.helpdesk.units.memberships(ofUser: try user.requireID())
        let tokens = try await request.helpdesk.accounts.tokens(of: user)
        let identities = try await request.helpdesk.identities.identities(of: try user.requireID(), by: web.signedIn.acting)
        let providers = request.helpdesk.identityProviders
        return AccountPage.Model(
            email: user.email, displayName: user.displayName,
            memberships: memberships.map { (unit: $0.unit.name, role: Format.label($0.role.rawValue).lowercased()) },
            tokens: try tokens.map { AccountPage.Token(id: try $0.requireID(), name: $0.name, createdAt: $0.createdAt, revokedAt: $0.revokedAt) },
            // Read again: the preference may have changed in this request.
            notifyOwnChanges: try await request.helpdesk.accounts.find(try user.requireID()).notifyOwnChanges ?? false,
            hasPassword: request.helpdesk.configuration.passwordSignIn && user.passwordHash != PasswordHashing.unusable,
            identities: identities.map { (provider: providers.provider(issuer: $0.issuer)?.name ?? $0.providerKey, subject: $0.subject) },
            virtualOrganisations: Entitlement.virtualOrganisations(of: identities.flatMap(\.entitlements)))
    }

    struct MailPreferenceForm: Content {
        var notifyOwnChanges: String?
    }

    func changeMailPreference(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let form = try request.content.decode(MailPreferenceForm.self)
        try await request.helpdesk.accounts.setNotifyOwnChanges(form.notifyOwnChanges == "true", for: web.signedIn.user.requireID())
        var model = try await accountModel(request)
        model.notice = model.notifyOwnChanges ? "You will be mailed about your own changes too." : "You will not be mailed about your own changes."
        return request.render(AccountPage.self, model)
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
    }

    func changePassword(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let form = try request.content.decode(PasswordForm.self)
        var model = try await accountModel(request)
        do {
            try await request.helpdesk.sessions.changePassword(user: web.signedIn.user, current: form.current ?? "", new: form.new ?? "",
                                                      keepingSession: web.sessionToken, client: request.clientAddress)
            model = try await accountModel(request)
            model.notice = "Your password was changed. Other browsers were signed out and your API tokens were revoked."
            return request.render(AccountPage.self, model)
        } catch HelpdeskError.invalid(let errors) {
            model.passwordErrors = errors.messages
            return request.render(AccountPage.self, model, status: .unprocessableEntity)
        } catch HelpdeskError.tooManyRequests(let message, let seconds) {
            model.passwordErrors = ["current": [message]]
            let response = request.render(AccountPage.self, model, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        }
    }

    struct TokenForm: Content {
        var name: String?
    }

    func createToken(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let name = (try request.content.decode(TokenForm.self).name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            var model = try await accountModel(request)
            model.tokenNameErrors = ["Give the token a name."]
            return request.render(AccountPage.self, model, status: .unprocessableEntity)
        }
        let issued = try await request.helpdesk.accounts.issueToken(for: web.signedIn.user, name: name)
        var model = try await accountModel(request)
        model.newToken = issued.token
        return request.render(AccountPage.self, model, status: .created)
    }

    func revokeToken(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        try await request.helpdesk.accounts.revokeToken(id: try request.pathUUID("tokenID"), by: web.signedIn.acting)
        var model = try await accountModel(request)
        model.notice = "The token was revoked."
        return request.render(AccountPage.self, model)
    }

    func users(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        return request.render(UsersPage.self, try await UsersPage.query(request.helpdesk))
    }

    struct UserForm: Content {
        var email: String?
        var displayName: String?
        var password: String?
        var isAdmin: String?
    }

    func createUser(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let form = try request.content.decode(UserForm.self)
        var model = try await UsersPage.query(request.helpdesk)
        do {
            let user = try await request.helpdesk.accounts.createUser(
                NewUserInput(email: form.email, displayName: form.displayName, password: form.password, isAdmin: form.isAdmin == "true"), by: web.signedIn.acting)
            model = try await UsersPage.query(request.helpdesk)
            model.notice = "Created \(user.email)."
            return request.render(UsersPage.self, model, status: .created)
        } catch HelpdeskError.invalid(let errors) {
            model.values = ["email": form.email ?? "", "displayName": form.displayName ?? "", "isAdmin": form.isAdmin ?? ""]
            model.errors = errors.messages
            return request.render(UsersPage.self, model, status: .unprocessableEntity)
        }
    }

    func editUserForm(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        let id = try request.pathUUID("userID")
        return request.render(UserEditPage.self, try await UserEditPage.query(request.helpdesk, userID: id))
    }

    func updateUser(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let id = try request.pathUUID("userID")
        let form = try request.content.decode(UserForm.self)
        let password = (form.password ?? "").isEmpty ? nil : form.password
        var model = try await UserEditPage.query(request.helpdesk, userID: id)
        model.values = ["displayName": form.displayName ?? "", "isAdmin": form.isAdmin ?? ""]
        do {
            _ = try await request.helpdesk.accounts.updateUser(id, UserUpdateInput(displayName: form.displayName ?? "", isAdmin: form.isAdmin == "true", password: password),
                                                      by: web.signedIn.acting)
            model.notice = "Saved."
            return request.render(UserEditPage.self, model)
        } catch HelpdeskError.invalid(let errors) {
            model.errors = errors.messages
            return request.render(UserEditPage.self, model, status: .unprocessableEntity)
        }
    }
}
