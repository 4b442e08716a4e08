import Fluent
import Foundation
import SwitchboardCore

/// Signing in through an OpenID Connect provider: the sign-in sent to the provider (its state,
/// nonce and PKCE verifier kept here, bound to the browser), the answer checked and the account
/// found by the provider's `sub` — never by e-mail alone. A first sign-in creates the account,
/// unless a local account has the same address: then the identity is linked only when that
/// account's owner confirms with its password, or an administrator links it.
public struct FederatedSignInOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var federatedSignIn: FederatedSignInOperations { FederatedSignInOperations(helpdesk: self) }
}

extension FederatedSignInOperations {
    /// How long the provider may take to send the browser back.
    static let authorizationLifetime: TimeInterval = 10 * 60
    /// How long a link waits for the account owner's password.
    static let linkLifetime: TimeInterval = 15 * 60

    /// The address the provider sends the browser back to.
    func redirectURI(providerKey: String) -> String {
        helpdesk.configuration.publicURL + SiteURL.signInCallback(.value(providerKey)).path
    }

    func client(_ key: String) throws -> OIDCProviderClient {
        guard let client = helpdesk.identityProviders[key] else { throw HelpdeskError.notFound("There is no sign-in provider '\(key)'.") }
        return client
    }

    /// Starts a sign-in: the provider's address to send the browser to, and the value of the
    /// cookie that binds the sign-in to this browser. `OIDCProviderUnavailable` when the
    /// provider cannot be reached.
    public func begin(providerKey: String, next: String?) async throws -> (url: String, browserToken: String) {
        let client = try client(providerKey)
        let request = try await client.authorizationRequest(redirectURI: redirectURI(providerKey: providerKey))
        let browserToken = TokenDigest.newToken()
        let authorization = OIDCAuthorizationModel()
        authorization.stateDigest = TokenDigest.digest(request.state)
        authorization.browserDigest = TokenDigest.digest(browserToken)
        authorization.providerKey = providerKey
        authorization.nonce = request.nonce
        authorization.codeVerifier = request.codeVerifier
        authorization.next = next.map { String($0.prefix(500)) }
        try await helpdesk.change(by: .system) { context in
            authorization.expiresAt = context.now.addingTimeInterval(Self.authorizationLifetime)
            // Sign-ins nobody finished go when the next one starts.
            try await OIDCAuthorizationModel.query(on: context.database).filter(\.$expiresAt <= context.now).delete()
            try await authorization.create(on: context.database)
        }
        return (request.url, browserToken)
    }

    /// Where a finished sign-in leads.
    public enum Outcome: Sendable {
        /// A browser session (the cookie's token) and where to go.
        case signedIn(sessionToken: String, next: String?)
        /// A local account has the address: its owner must confirm (the link cookie's token).
        case needsLink(linkToken: String, email: String, providerName: String)
    }

    /// The provider's answer: `state` must name a sign-in started in this browser and not
    /// finished yet (it is used up now, so a replayed answer is refused), the code is exchanged
    /// and the ID token checked against the sign-in's nonce. Refusals are `OIDCSignInRefused`.
    public func finish(providerKey: String, code: String?, state: String?, error: String?, errorDescription: String?,
                       browserToken: String?) async throws -> Outcome {
        let client = try client(providerKey)
        let name = client.provider.name
        guard let state, !state.isEmpty else {
            throw OIDCSignInRefused(description: "\(name)'s answer carries no state. Start the sign-in again.")
        }
        let digest = TokenDigest.digest(state)
        let authorization = try await helpdesk.change(by: .system) { context -> OIDCAuthorizationModel? in
            guard let found = try await OIDCAuthorizationModel.query(on: context.database).filter(\.$stateDigest == digest).first() else { return nil }
            try await found.delete(on: context.database)
            return found
        }
        guard let authorization, authorization.providerKey == providerKey, authorization.expiresAt > helpdesk.clock.now() else {
            throw OIDCSignInRefused(description: "This sign-in is unknown, was used already or has expired. Start it again.")
        }
        guard let browserToken, ConstantTime.equal(TokenDigest.digest(browserToken), authorization.browserDigest) else {
            throw OIDCSignInRefused(description: "This sign-in was started in another browser. Start it again here.")
        }
        if let error {
            let reason = [error, errorDescription].compactMap { $0 }.joined(separator: ": ")
            throw OIDCSignInRefused(description: "\(name) did not sign you in (\(String(reason.prefix(200)))).")
        }
        guard let code, !code.isEmpty else { throw OIDCSignInRefused(description: "\(name)'s answer carries no code. Start the sign-in again.") }
        let claims = try await client.finishSignIn(code: code, codeVerifier: authorization.codeVerifier,
                                                   redirectURI: redirectURI(providerKey: providerKey), nonce: authorization.nonce)
        return try await signIn(claims, provider: client.provider, next: authorization.next)
    }

    /// The account of checked claims: found by (issuer, sub), created, or waiting for a link.
    func signIn(_ claims: IDTokenClaims, provider: OIDCProvider, next: String?) async throws -> Outcome {
        let email = claims.email.map(EmailAddress.normalise)
        if let identity = try await FederatedIdentityModel.query(on: helpdesk.database)
            .filter(\.$issuer == claims.iss).filter(\.$subject == claims.sub).first() {
            let userID = identity.$user.id
            try await helpdesk.change(by: .system) { context in
                identity.email = email
                identity.entitlements = claims.entitlements
                identity.lastSignInAt = context.now
                try await identity.save(on: context.database)
                try await EntitlementRuleOperations.follow(claims.entitlements, userID: userID, in: context)
            }
            return .signedIn(sessionToken: try await helpdesk.sessions.openSession(for: try await helpdesk.accounts.find(userID)), next: next)
        }
        guard let email, EmailAddress.isPlausible(email) else {
            throw OIDCSignInRefused(description: "\(provider.name) did not give your e-mail address, which a first sign-in needs. Allow it to share the address and sign in again.")
        }
        if let existing = try await helpdesk.accounts.find(email: email) {
            return try await requestLink(claims, provider: provider, to: try existing.requireID(), email: email, next: next)
        }
        let name = claims.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : String($0.prefix(120)) } ?? email
        let user = try await helpdesk.change(by: .system) { context in
            let user = try await AccountOperations.insertUser(email: email, displayName: name, passwordHash: PasswordHashing.unusable, isAdmin: false, in: context)
            try await Self.insertIdentity(userID: try user.requireID(), provider: provider, subject: claims.sub, email: claims.email,
                                          entitlements: claims.entitlements, in: context)
            return user
        }
        return .signedIn(sessionToken: try await helpdesk.sessions.openSession(for: user), next: next)
    }

    /// Links the identity `subject` at `provider` to the account, with the entitlements it came
    /// with (signed in now, unless an administrator links it); waiting links of that identity go,
    /// and the account's rule memberships follow.
    @discardableResult
    static func insertIdentity(userID: UUID, provider: OIDCProvider, subject: String, email: String?, entitlements: [String],
                               signingIn: Bool = true, in context: ChangeContext) async throws -> FederatedIdentityModel {
        let identity = FederatedIdentityModel(userID: userID, providerKey: provider.key, issuer: provider.issuer, subject: subject,
                                              email: email.map(EmailAddress.normalise), entitlements: entitlements, createdAt: context.now)
        identity.lastSignInAt = signingIn ? context.now : nil
        try await identity.create(on: context.database)
        try await IdentityLinkRequestModel.query(on: context.database).filter(\.$issuer == provider.issuer).filter(\.$subject == subject).delete()
        try await EntitlementRuleOperations.follow(entitlements, userID: userID, in: context)
        return identity
    }

    private func requestLink(_ claims: IDTokenClaims, provider: OIDCProvider, to userID: UUID, email: String, next: String?) async throws -> Outcome {
        let token = TokenDigest.newToken()
        let request = IdentityLinkRequestModel()
        request.tokenDigest = TokenDigest.digest(token)
        request.$user.id = userID
        request.providerKey = provider.key
        request.issuer = claims.iss
        request.subject = claims.sub
        request.email = email
        request.entitlements = claims.entitlements
        request.next = next
        try await helpdesk.change(by: .system) { context in
            request.createdAt = context.now
            request.expiresAt = context.now.addingTimeInterval(Self.linkLifetime)
            try await IdentityLinkRequestModel.query(on: context.database).filter(\.$expiresAt <= context.now).delete()
            try await request.create(on: context.database)
        }
        return .needsLink(linkToken: token, email: email, providerName: provider.name)
    }

    /// A link waiting for its account owner's password, with the account's address and the provider's name.
    public func pendingLink(token: String) async throws -> (email: String, providerName: String)? {
        guard let request = try await liveLinkRequest(token) else { return nil }
        return (request.email, helpdesk.identityProviders[request.providerKey]?.provider.name ?? request.providerKey)
    }

    private func liveLinkRequest(_ token: String) async throws -> IdentityLinkRequestModel? {
        guard token.count < 200 else { return nil }
        return try await IdentityLinkRequestModel.query(on: helpdesk.database)
            .filter(\.$tokenDigest == TokenDigest.digest(token)).filter(\.$expiresAt > helpdesk.clock.now()).first()
    }

    /// The account owner confirms the link with the account's password (counted like a
    /// sign-in's); the identity is linked and a session opened.
    public func confirmLink(token: String, password: String, client: String) async throws -> (sessionToken: String, next: String?) {
        guard let request = try await liveLinkRequest(token) else {
            throw OIDCSignInRefused(description: "This link has expired. Sign in with the provider again.")
        }
        let user = try await helpdesk.accounts.find(request.$user.id)
        try await helpdesk.sessions.checkAttemptsAllowed(account: user.email, client: client)
        guard try await helpdesk.passwordHashing.verify(password, against: user.passwordHash) else {
            await helpdesk.passwordAttempts.recordFailure(account: user.email, address: client, now: helpdesk.clock.now())
            throw HelpdeskError.invalid("password", "The password is wrong.")
        }
        await helpdesk.passwordAttempts.recordSuccess(account: user.email)
        guard let provider = helpdesk.identityProviders[request.providerKey]?.provider else {
            throw OIDCSignInRefused(description: "The provider of this link is no longer configured.")
        }
        try await helpdesk.change(by: .system) { context in
            try await request.delete(on: context.database)
            guard try await FederatedIdentityModel.query(on: context.database)
                .filter(\.$issuer == request.issuer).filter(\.$subject == request.subject).first() == nil
            else { throw HelpdeskError.conflict("This identity is linked to an account already.") }
            try await Self.insertIdentity(userID: request.$user.id, provider: provider, subject: request.subject, email: request.email,
                                          entitlements: request.entitlements, in: context)
        }
        return (try await helpdesk.sessions.openSession(for: user), request.next)
    }
}
