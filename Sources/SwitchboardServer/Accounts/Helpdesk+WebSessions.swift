import Fluent
import Foundation
import SwitchboardCore

extension Helpdesk {
    static let sessionLifetime: TimeInterval = 7 * 86_400

    /// Checks the password and opens a browser session; returns the cookie token.
    public func signIn(email: String, password: String, client: String) async throws -> (token: String, user: UserModel) {
        let user = try await authenticate(email: email, password: password, client: client)
        let token = TokenDigest.newToken()
        let session = WebSessionModel()
        session.$user.id = try user.requireID()
        session.digest = TokenDigest.digest(token)
        session.csrfToken = TokenDigest.newToken()
        session.createdAt = clock.now()
        session.expiresAt = clock.now().addingTimeInterval(Self.sessionLifetime)
        let now = clock.now()
        try await write { database in
            // Expired sessions of this person go when they sign in again.
            try await WebSessionModel.query(on: database).filter(\.$user.$id == session.$user.id).filter(\.$expiresAt <= now).delete()
            try await session.create(on: database)
        }
        return (token, user)
    }

    /// The live session a cookie token belongs to, with its user.
    public func session(forToken token: String) async throws -> WebSessionModel? {
        guard token.count < 200 else { return nil }
        return try await WebSessionModel.query(on: database)
            .filter(\.$digest == TokenDigest.digest(token))
            .filter(\.$expiresAt > clock.now())
            .with(\.$user)
            .first()
    }

    public func signOut(sessionToken token: String) async throws {
        let digest = TokenDigest.digest(token)
        try await write { database in
            try await WebSessionModel.query(on: database).filter(\.$digest == digest).delete()
        }
    }

    /// Changes a password after checking the current one (a failure counts like a failed
    /// sign-in). Other browser sessions end and every API token issued before is revoked:
    /// whoever learnt the old password may have made one.
    public func changePassword(user: UserModel, current: String, new: String, keepingSession token: String?, client: String) async throws {
        try await checkAttemptsAllowed(account: user.email, client: client)
        guard try await verifyPassword(current, against: user.passwordHash) else {
            await passwordAttempts.recordFailure(account: user.email, address: client, now: clock.now())
            throw HelpdeskError.invalid("current", "The current password is wrong.")
        }
        if new.count < Self.passwordMinLength {
            throw HelpdeskError.invalid("new", "The new password must have at least \(Self.passwordMinLength) characters.")
        }
        if new.utf8.count > 72 { throw HelpdeskError.invalid("new", "The password must be at most 72 bytes long.") }
        let hash = try await hashPassword(new)
        let userID = try user.requireID()
        let keep = token.map(TokenDigest.digest)
        let now = clock.now()
        try await write { database in
            guard let stored = try await UserModel.find(userID, on: database) else { return }
            stored.passwordHash = hash
            try await stored.save(on: database)
            let others = WebSessionModel.query(on: database).filter(\.$user.$id == userID)
            if let keep { others.filter(\.$digest != keep) }
            try await others.delete()
            try await Self.revokeTokens(of: userID, at: now, on: database)
        }
    }

    /// Revokes every live API token of a person (after a password change).
    static func revokeTokens(of userID: UUID, at now: Date, on database: any Database) async throws {
        try await APITokenModel.query(on: database).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    /// The user's API tokens, newest first.
    public func tokens(of user: UserModel) async throws -> [APITokenModel] {
        try await APITokenModel.query(on: database).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
    }
}
