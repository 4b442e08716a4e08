import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// What an administrator submits to create an account.
public struct NewUserInput: Codable, Sendable {
    public var email: String?
    public var displayName: String?
    public var password: String?
    public var isAdmin: Bool?

    public init(email: String? = nil, displayName: String? = nil, password: String? = nil, isAdmin: Bool? = nil) {
        self.email = email
        self.displayName = displayName
        self.password = password
        self.isAdmin = isAdmin
    }
}

/// A freshly issued bearer token: the only moment the token itself is known.
public struct IssuedToken: Sendable {
    public var token: String
    public var model: APITokenModel
}

enum TokenDigest {
    /// Tokens carry 256 random bits, so one fast hash is enough to store them safely; the
    /// digest is looked up by a unique index on every request.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `count` bytes from the system's random source.
    static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func newToken() -> String {
        let encoded = randomBytes(32).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "sb_" + encoded
    }
}

extension Helpdesk {
    static let passwordMinLength = 10

    /// Creates an account. `acting` nil means the command line (an operator on the machine).
    public func createUser(_ input: NewUserInput, by acting: Acting?) async throws -> UserModel {
        if let acting, !Permissions.mayAdminister(acting.actor) {
            throw HelpdeskError.forbidden("Only administrators may create users.")
        }
        var errors = FieldErrors()
        let email = EmailAddress.normalise(input.email ?? "")
        if !EmailAddress.isPlausible(email) { errors.add("email", "A valid email address is required.") }
        let displayName = TicketRules.validateText(input.displayName, field: "displayName", required: true, maxLength: 120, into: &errors)
        let password = input.password ?? ""
        if password.count < Self.passwordMinLength {
            errors.add("password", "The password must have at least \(Self.passwordMinLength) characters.")
        } else if password.utf8.count > 72 {
            errors.add("password", "The password must be at most 72 bytes long (a bcrypt limit).")
        }
        try HelpdeskError.check(errors)
        let hash = try await hashPassword(password)
        let now = clock.now()
        return try await write { database in
            if try await UserModel.query(on: database).filter(\.$email == email).first() != nil {
                throw HelpdeskError.invalid("email", "A user with the address \(email) exists already.")
            }
            let user = UserModel(email: email, displayName: displayName!, passwordHash: hash, isAdmin: input.isAdmin ?? false, createdAt: now)
            try await user.create(on: database)
            return user
        }
    }

    /// Checks email and password (with bcrypt) and issues a new token.
    public func issueToken(email: String, password: String, name: String?, client: String) async throws -> IssuedToken {
        try await issueToken(for: try await authenticate(email: email, password: password, client: client), name: name ?? "api")
    }

    /// The account with this address and password, or `unauthenticated`. Unknown addresses cost
    /// the same bcrypt time, so that timing does not tell which addresses have accounts.
    /// Failures count against the account and the client address; while either is over its
    /// limit the password is not even checked (`tooManyRequests`).
    func authenticate(email: String, password: String, client: String) async throws -> UserModel {
        let account = EmailAddress.normalise(email)
        try await checkAttemptsAllowed(account: account, client: client)
        let user = try await UserModel.query(on: database).filter(\.$email == account).first()
        guard let user else {
            _ = try await hashPassword(password)
            await passwordAttempts.recordFailure(account: account, address: client, now: clock.now())
            throw HelpdeskError.unauthenticated("The email address or the password is wrong.")
        }
        guard try await verifyPassword(password, against: user.passwordHash) else {
            await passwordAttempts.recordFailure(account: account, address: client, now: clock.now())
            throw HelpdeskError.unauthenticated("The email address or the password is wrong.")
        }
        await passwordAttempts.recordSuccess(account: account)
        return user
    }

    /// Throws `tooManyRequests` while the account or the client address has too many recent failures.
    func checkAttemptsAllowed(account: String, client: String) async throws {
        if let wait = await passwordAttempts.retryAfter(account: account, address: client, now: clock.now()) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw HelpdeskError.tooManyRequests(
                "Too many failed attempts. Try again in \((seconds + 59) / 60) minutes.", retryAfter: seconds)
        }
    }

    public func issueToken(for user: UserModel, name: String) async throws -> IssuedToken {
        let token = TokenDigest.newToken()
        let model = APITokenModel(userID: try user.requireID(), digest: TokenDigest.digest(token), name: String(name.prefix(120)), createdAt: clock.now())
        try await write { database in try await model.create(on: database) }
        return IssuedToken(token: token, model: model)
    }

    /// The user a bearer token belongs to, if the token is known and not revoked.
    public func user(forToken token: String) async throws -> UserModel? {
        guard token.count < 200 else { return nil }
        let found = try await APITokenModel.query(on: database)
            .filter(\.$digest == TokenDigest.digest(token))
            .filter(\.$revokedAt == nil)
            .with(\.$user)
            .first()
        return found?.user
    }

    public func revokeToken(id: UUID, by acting: Acting) async throws {
        let now = clock.now()
        try await write { database in
            guard let token = try await APITokenModel.find(id, on: database),
                  token.$user.id == acting.actor.userID || acting.actor.isAdmin
            else { throw HelpdeskError.notFound("Token \(id) does not exist.") }
            if token.revokedAt == nil {
                token.revokedAt = now
                try await token.save(on: database)
            }
        }
    }
}

/// What an administrator may change on an account; nil keeps the value.
public struct UserUpdateInput: Codable, Sendable {
    public var displayName: String?
    public var isAdmin: Bool?
    /// A new password; the person's browser sessions end and their API tokens are revoked.
    public var password: String?

    public init(displayName: String? = nil, isAdmin: Bool? = nil, password: String? = nil) {
        self.displayName = displayName
        self.isAdmin = isAdmin
        self.password = password
    }
}

extension Helpdesk {
    public func updateUser(_ id: UUID, _ input: UserUpdateInput, by acting: Acting) async throws -> UserModel {
        guard Permissions.mayAdminister(acting.actor) else {
            throw HelpdeskError.forbidden("Only administrators may edit users.")
        }
        var errors = FieldErrors()
        let displayName = input.displayName.map {
            TicketRules.validateText($0, field: "displayName", required: true, maxLength: 120, into: &errors)
        }
        if let password = input.password {
            if password.count < Self.passwordMinLength {
                errors.add("password", "The password must have at least \(Self.passwordMinLength) characters.")
            } else if password.utf8.count > 72 {
                errors.add("password", "The password must be at most 72 bytes long (a bcrypt limit).")
            }
        }
        if input.isAdmin == false && acting.actor.userID == id {
            errors.add("isAdmin", "You cannot take away your own administrator rights.")
        }
        try HelpdeskError.check(errors)
        let hash: String? = if let password = input.password { try await hashPassword(password) } else { nil }
        let now = clock.now()
        return try await write { database in
            guard let user = try await UserModel.find(id, on: database) else {
                throw HelpdeskError.notFound("User \(id) does not exist.")
            }
            if let displayName, let name = displayName { user.displayName = name }
            if let isAdmin = input.isAdmin { user.isAdmin = isAdmin }
            if let hash {
                user.passwordHash = hash
                try await WebSessionModel.query(on: database).filter(\.$user.$id == id).delete()
                try await Self.revokeTokens(of: id, at: now, on: database)
            }
            try await user.save(on: database)
            return user
        }
    }
}

extension Helpdesk {
    /// A person's wish to be mailed about their own changes (default: no).
    public func setNotifyOwnChanges(_ value: Bool, for userID: UUID) async throws {
        try await write { database in
            guard let user = try await UserModel.find(userID, on: database) else { throw HelpdeskError.notFound("There is no such user.") }
            user.notifyOwnChanges = value
            try await user.save(on: database)
        }
    }
}
