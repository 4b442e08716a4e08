import Fluent
import Foundation
import SwitchboardCore

/// Signing in and out of the web interface, browser sessions and passwords. Every password
/// check counts against the attempt limiter, wherever it happens.
public struct SessionOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var sessions: SessionOperations { SessionOperations(helpdesk: self) }
}

extension SessionOperations {
    static let sessionLifetime: TimeInterval = 7 * 86_400

    /// Checks the password and opens a browser session; returns the cookie token.
    public func signIn(email: String, password: String, client: String) async throws -> (token: String, user: UserModel) {
        try Self.requirePasswordSignIn(helpdesk.configuration)
        let user = try await authenticate(email: email, password: password, client: client)
        return (try await openSession(for: user), user)
    }

    /// Refuses a password where the installation signs people in only through its providers.
    static func requirePasswordSignIn(_ configuration: SwitchboardConfiguration) throws {
        guard configuration.passwordSignIn else {
            throw HelpdeskError.forbidden("This helpdesk signs people in through \(configuration.oidcProviders.map(\.name).joined(separator: " or ")), not with a password.")
        }
    }

    /// Opens a browser session for someone whose identity was checked; returns the cookie token.
    func openSession(for user: UserModel) async throws -> String {
        let token = TokenDigest.newToken()
        let session = WebSessionModel()
        session.$user.id = try user.requireID()
        session.digest = TokenDigest.digest(token)
        session.csrfToken = TokenDigest.newToken()
        session.createdAt = helpdesk.clock.now()
        session.expiresAt = helpdesk.clock.now().addingTimeInterval(Self.sessionLifetime)
        let now = helpdesk.clock.now()
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            // Expired sessions of this person go when they sign in again.
            try await WebSessionModel.query(on: database).filter(\.$user.$id == session.$user.id).filter(\.$expiresAt <= now).delete()
            try await session.create(on: database)
        }
        return token
    }

    /// The live session a cookie token belongs to, with its user.
    public func session(forToken token: String) async throws -> WebSessionModel? {
        guard token.count < 200 else { return nil }
        return try await WebSessionModel.query(on: helpdesk.database)
            .filter(\.$digest == TokenDigest.digest(token))
            .filter(\.$expiresAt > helpdesk.clock.now())
            .with(\.$user)
            .first()
    }

    public func signOut(sessionToken token: String) async throws {
        let digest = TokenDigest.digest(token)
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            try await WebSessionModel.query(on: database).filter(\.$digest == digest).delete()
        }
    }

    /// Changes a password after checking the current one (a failure counts like a failed
    /// sign-in). Other browser sessions end and every API token issued before is revoked:
    /// whoever learnt the old password may have made one.
    public func changePassword(user: UserModel, current: String, new: String, keepingSession token: String?, client: String) async throws {
        try Self.requirePasswordSignIn(helpdesk.configuration)
        try await checkAttemptsAllowed(account: user.email, client: client)
        guard try await helpdesk.passwordHashing.verify(current, against: user.passwordHash) else {
            await helpdesk.passwordAttempts.recordFailure(account: user.email, address: client, now: helpdesk.clock.now())
            throw HelpdeskError.invalid("current", "The current password is wrong.")
        }
        if new.count < AccountOperations.passwordMinLength {
            throw HelpdeskError.invalid("new", "The new password must have at least \(AccountOperations.passwordMinLength) characters.")
        }
        if new.utf8.count > 72 { throw HelpdeskError.invalid("new", "The password must be at most 72 bytes long.") }
        let hash = try await helpdesk.passwordHashing.hash(new)
        let userID = try user.requireID()
        let keep = token.map(TokenDigest.digest)
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            guard let stored = try await UserModel.find(userID, on: database) else { return }
            stored.passwordHash = hash
            try await stored.save(on: database)
            let others = WebSessionModel.query(on: database).filter(\.$user.$id == userID)
            if let keep { others.filter(\.$digest != keep) }
            try await others.delete()
            try await Self.revokeTokens(of: userID, in: context)
        }
    }

    /// Revokes every live API token of a person (after a password change).
    static func revokeTokens(of userID: UUID, in context: ChangeContext) async throws {
        try await APITokenModel.query(on: context.database).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: context.now).update()
    }

    /// The account with this address and password, or `unauthenticated`. Unknown addresses cost
    /// the same bcrypt time, so that timing does not tell which addresses have accounts.
    /// Failures count against the account and the client address; while either is over its
    /// limit the password is not even checked (`tooManyRequests`).
    func authenticate(email: String, password: String, client: String) async throws -> UserModel {
        let account = EmailAddress.normalise(email)
        try await checkAttemptsAllowed(account: account, client: client)
        let user = try await UserModel.query(on: helpdesk.database).filter(\.$email == account).first()
        guard let user else {
            _ = try await helpdesk.passwordHashing.hash(password)
            await helpdesk.passwordAttempts.recordFailure(account: account, address: client, now: helpdesk.clock.now())
            throw HelpdeskError.unauthenticated("The email address or the password is wrong.")
        }
        guard try await helpdesk.passwordHashing.verify(password, against: user.passwordHash) else {
            await helpdesk.passwordAttempts.recordFailure(account: account, address: client, now: helpdesk.clock.now())
            throw HelpdeskError.unauthenticated("The email address or the password is wrong.")
        }
        await helpdesk.passwordAttempts.recordSuccess(account: account)
        return user
    }

    /// Throws `tooManyRequests` while the account or the client address has too many recent failures.
    func checkAttemptsAllowed(account: String, client: String) async throws {
        if let wait = await helpdesk.passwordAttempts.retryAfter(account: account, address: client, now: helpdesk.clock.now()) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw HelpdeskError.tooManyRequests(
                "Too many failed attempts. Try again in \((seconds + 59) / 60) minutes.", retryAfter: seconds)
        }
    }
}
