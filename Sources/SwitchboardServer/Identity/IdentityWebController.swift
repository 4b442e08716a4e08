import Foundation
import SwitchboardCore
import Vapor

/// Signing in through a provider in the browser (start, the provider's answer, the link to a
/// local account), the administrators' entitlement rules, and linking identities to accounts.
struct IdentityWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        web.get(SiteURL.signInProvider(.key).pathComponents, use: start)
        web.get(SiteURL.signInCallback(.key).pathComponents, use: callback)
        web.get(SiteURL.signInLink.pathComponents, use: linkForm)
        web.post(SiteURL.signInLink.pathComponents, use: confirmLink)
        signedIn.get(SiteURL.entitlementRules.pathComponents, use: rules)
        signedIn.post(SiteURL.entitlementRules.pathComponents, use: createRule)
        signedIn.post(SiteURL.removeEntitlementRule(.key).pathComponents, use: removeRule)
        signedIn.post(SiteURL.userIdentities(.key).pathComponents, use: linkIdentity)
        signedIn.post(SiteURL.unlinkIdentity(user: .key, identity: .key).pathComponents, use: unlinkIdentity)
    }

    /// Off to the provider; when it cannot be reached, the sign-in page says so (and the
    /// password form, where allowed, still works).
    func start(_ request: Request) async throws -> Response {
        let key = request.parameters.get("provider") ?? ""
        let next = request.query[String.self, at: "next"]
        do {
            let (url, browserToken) = try await request.helpdesk.federatedSignIn.begin(providerKey: key, next: next)
            let response = request.redirect(to: url, redirectType: .normal)
            response.cookies[WebCookies.providerSignIn] = WebCookies.value(browserToken, request: request,
                                                                          maxAge: Int(FederatedSignInOperations.authorizationLifetime))
            return response
        } catch let error as OIDCProviderUnavailable {
            request.logger.warning("Sign-in provider unavailable: \(error.description)")
            let name = request.helpdesk.identityProviders[key]?.provider.name ?? key
            return SignInPage.respond(request, SignInPage.Model(message: "\(name) cannot be reached at the moment. Try again in a few minutes"
                                                                + (request.helpdesk.configuration.passwordSignIn ? ", or sign in with your password." : "."),
                                                                next: next), status: .serviceUnavailable)
        }
    }

    /// The provider sends the browser back here with a code (or an error) and the state.
    func callback(_ request: Request) async throws -> Response {
        let key = request.parameters.get("provider") ?? ""
        let query = request.url.query.map { URLComponents(string: "?" + $0)?.queryItems ?? [] } ?? []
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let outcome: FederatedSignInOperations.Outcome
        do {
            outcome = try await request.helpdesk.federatedSignIn.finish(
                providerKey: key, code: value("code"), state: value("state"), error: value("error"), errorDescription: value("error_description"),
                browserToken: request.cookies[WebCookies.providerSignIn]?.string)
        } catch let refused as OIDCSignInRefused {
            return failed(request, refused.description, status: .badRequest)
        } catch let refused as IDTokenRefused {
            request.logger.warning("An ID token was refused: \(refused.description)")
            return failed(request, "The provider's answer could not be trusted (\(refused.description)). Start the sign-in again.", status: .badRequest)
        } catch let error as OIDCProviderUnavailable {
            request.logger.warning("Sign-in provider unavailable: \(error.description)")
            return failed(request, "The provider cannot be reached at the moment. Try again in a few minutes.", status: .serviceUnavailable)
        }
        switch outcome {
        case .signedIn(let sessionToken, let next):
            let response = WebCookies.signedIn(request, sessionToken: sessionToken, next: next)
            response.cookies[WebCookies.providerSignIn] = WebCookies.value("", request: request, maxAge: 0)
            return response
        case .needsLink(let linkToken, _, _):
            let response = request.redirect(to: SiteURL.signInLink.path, redirectType: .normal)
            response.cookies[WebCookies.providerSignIn] = WebCookies.value("", request: request, maxAge: 0)
            response.cookies[WebCookies.identityLink] = WebCookies.value(linkToken, request: request, maxAge: Int(FederatedSignInOperations.linkLifetime))
            return response
        }
    }

    private func failed(_ request: Request, _ message: String, status: HTTPStatus) -> Response {
        let response = SignInPage.respond(request, SignInPage.Model(message: message), status: status)
        response.cookies[WebCookies.providerSignIn] = WebCookies.value("", request: request, maxAge: 0)
        return response
    }

    func linkForm(_ request: Request) async throws -> Response {
        guard let token = request.cookies[WebCookies.identityLink]?.string,
              let pending = try await request.helpdesk.federatedSignIn.pendingLink(token: token) else {
            return SignInPage.respond(request, SignInPage.Model(message: "There is no link waiting (it expires after 15 minutes). Sign in again."), status: .notFound)
        }
        let model = LinkIdentityPage.Model(email: pending.email, providerName: pending.providerName)
        return AnonymousPage.respond(request, status: .ok) { LinkIdentityPage.render(model, context: $0) }
    }

    struct LinkForm: Content {
        var password: String?
    }

    func confirmLink(_ request: Request) async throws -> Response {
        let token = request.cookies[WebCookies.identityLink]?.string ?? ""
        guard let pending = try await request.helpdesk.federatedSignIn.pendingLink(token: token) else {
            return SignInPage.respond(request, SignInPage.Model(message: "There is no link waiting (it expires after 15 minutes). Sign in again."), status: .notFound)
        }
        let password = try request.content.decode(LinkForm.self).password ?? ""
        do {
            let (sessionToken, next) = try await request.helpdesk.federatedSignIn.confirmLink(token: token, password: password, client: request.clientAddress)
            let response = WebCookies.signedIn(request, sessionToken: sessionToken, next: next)
            response.cookies[WebCookies.identityLink] = WebCookies.value("", request: request, maxAge: 0)
            return response
        } catch let error as HelpdeskError {
            var model = LinkIdentityPage.Model(email: pending.email, providerName: pending.providerName)
            if case .invalid(let errors) = error { model.message = errors.messages.values.flatMap { $0 }.joined(separator: " ") } else { model.message = error.message }
            let response = AnonymousPage.respond(request, status: error.pageStatus) { LinkIdentityPage.render(model, context: $0) }
            if case .tooManyRequests(_, let seconds) = error { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            return response
        } catch let refused as OIDCSignInRefused {
            return SignInPage.respond(request, SignInPage.Model(message: refused.description), status: .badRequest)
        }
    }

    func rules(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        return request.render(EntitlementRulesPage.self, try await EntitlementRulesPage.query(request.helpdesk))
    }

    struct RuleForm: Content {
        var entitlement: String?
        var unit: String?
        var role: String?
    }

    func createRule(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let helpdesk = request.helpdesk
        let form = try request.content.decode(RuleForm.self)
        return try await request.submit(EntitlementRulesPage.self, reload: { try await EntitlementRulesPage.query(helpdesk) }, show: { model, error in
            model.error = error.message
            if case .invalid(let errors) = error { model.fieldErrors = errors.messages }
            model.typed = ["entitlement": form.entitlement ?? "", "unit": form.unit ?? "", "role": form.role ?? ""]
        }) {
            let unit = form.unit.flatMap(UUID.init(uuidString:))
            if unit == nil { throw HelpdeskError.invalid("unit", "Choose the unit the rule makes people members of.") }
            let rule = try await helpdesk.entitlementRules.create(NewEntitlementRuleInput(entitlement: form.entitlement, unit: unit, role: form.role),
                                                                   by: web.signedIn.acting)
            var model = try await EntitlementRulesPage.query(helpdesk)
            model.notice = "People with \(rule.pattern) are members of \(rule.unit.name) from their next sign-in (those who had it at their last one already are)."
            return request.render(EntitlementRulesPage.self, model, status: .created)
        }
    }

    func removeRule(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let helpdesk = request.helpdesk
        let id = try request.pathUUID("ruleID")
        return try await request.submit(EntitlementRulesPage.self, reload: { try await EntitlementRulesPage.query(helpdesk) },
                                        show: { model, error in model.error = error.message }) {
            try await helpdesk.entitlementRules.delete(id, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.entitlementRules.path, redirectType: .normal)
        }
    }

    struct IdentityForm: Content {
        var issuer: String?
        var subject: String?
    }

    func linkIdentity(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let userID = try request.pathUUID("userID")
        let form = try request.content.decode(IdentityForm.self)
        return try await onUserPage(request, userID: userID) {
            _ = try await request.helpdesk.identities.link(userID: userID, issuer: form.issuer, subject: form.subject, by: web.signedIn.acting)
            return "Linked the identity \(form.subject ?? "")."
        }
    }

    func unlinkIdentity(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let userID = try request.pathUUID("userID")
        let identityID = try request.pathUUID("identityID")
        return try await onUserPage(request, userID: userID) {
            try await request.helpdesk.identities.unlink(userID: userID, identityID: identityID, by: web.signedIn.acting)
            return "Unlinked the identity."
        }
    }

    /// Runs an administrator's change of a person's identities and shows their page with the outcome.
    private func onUserPage(_ request: Request, userID: UUID, _ change: () async throws -> String) async throws -> Response {
        do {
            let notice = try await change()
            var model = try await UserEditPage.query(request.helpdesk, userID: userID)
            model.notice = notice
            return request.render(UserEditPage.self, model)
        } catch let error as HelpdeskError {
            if case .notFound = error { throw error }
            var model = try await UserEditPage.query(request.helpdesk, userID: userID)
            model.identityError = error.message
            return request.render(UserEditPage.self, model, status: error.pageStatus)
        }
    }
}
