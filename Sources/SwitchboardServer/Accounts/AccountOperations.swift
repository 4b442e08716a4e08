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
        "sb_" + base64URL(randomBytes(32))
    }

    /// Base64 for addresses and headers (RFC 4648 §5), without padding.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// People's accounts: creating and editing them (administrators), their API tokens, and the
/// principal (identity, admin flag, memberships) the rules see for a person.
public struct AccountOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var accounts: AccountOperations { AccountOperations(helpdesk: self) }
}

extension AccountOperations {
    static let passwordMinLength = 10

    /// Creates an account. `acting` nil means the command line (an operator on the machine).
    public func createUser(_ input: NewUserInput, by acting: Acting?) async throws -> UserModel {
        if let acting, !Permissions.mayAdminister(acting.principal) {
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
        let hash = try await helpdesk.passwordHashing.hash(password)
        return try await helpdesk.change(by: acting ?? .system) { context in
            try await Self.insertUser(email: email, displayName: displayName!, passwordHash: hash, isAdmin: input.isAdmin ?? false, in: context)
        }
    }

    /// Inside a change: stores a new account (the mail gate's guest submitters come this way).
    static func insertUser(email: String, displayName: String, passwordHash: String, isAdmin: Bool, in context: ChangeContext) async throws -> UserModel {
        if try await UserModel.query(on: context.database).filter(\.$email == email).first() != nil {
            throw HelpdeskError.invalid("email", "A user with the address \(email) exists already.")
        }
        let user = UserModel(email: email, displayName: displayName, passwordHash: passwordHash, isAdmin: isAdmin, createdAt: context.now)
        try await user.create(on: context.database)
        return user
    }

    /// Checks email and password (with bcrypt) and issues a new token.
    public func issueToken(email: String, password: String, name: String?, client: String) async throws -> IssuedToken {
        try SessionOperations.requirePasswordSignIn(helpdesk.configuration)
        return try await issueToken(for: try await helpdesk.sessions.authenticate(email: email, password: password, client: client), name: name ?? "api")
    }

    public func issueToken(for user: UserModel, name: String) async throws -> IssuedToken {
        let token = TokenDigest.newToken()
        let model = APITokenModel(userID: try user.requireID(), digest: TokenDigest.digest(token), name: String(name.prefix(120)), createdAt: helpdesk.clock.now())
        try await helpdesk.change(by: .system) { context in try await model.create(on: context.database) }
        return IssuedToken(token: token, model: model)
    }

    /// The user's API tokens, newest first.
    public func tokens(of user: UserModel) async throws -> [APITokenModel] {
        try await APITokenModel.query(on: helpdesk.database).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
    }

    /// The user a bearer token belongs to, if the token is known and not revoked.
    public func user(forToken token: String) async throws -> UserModel? {
        guard token.count < 200 else { return nil }
        // One query for the token and its owner (every API request asks).
        let found = try await APITokenModel.query(on: helpdesk.database)
            .join(UserModel.self, on: \APITokenModel.$user.$id == \UserModel.$id)
            .filter(\.$digest == TokenDigest.digest(token))
            .filter(\.$revokedAt == nil)
            .first()
        return try found?.joined(UserModel.self)
    }

    public func revokeToken(id: UUID, by acting: Acting) async throws {
        try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let token = try await APITokenModel.find(id, on: database),
                  token.$user.id == acting.principal.userID || acting.principal.isAdmin
            else { throw HelpdeskError.notFound("Token \(id) does not exist.") }
            if token.revokedAt == nil {
                token.revokedAt = context.now
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

extension AccountOperations {
    public func updateUser(_ id: UUID, _ input: UserUpdateInput, by acting: Acting) async throws -> UserModel {
        guard Permissions.mayAdminister(acting.principal) else {
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
        if input.isAdmin == false && acting.principal.userID == id {
            errors.add("isAdmin", "You cannot take away your own administrator rights.")
        }
        try HelpdeskError.check(errors)
        let hash: String? = if let password = input.password { try await helpdesk.passwordHashing.hash(password) } else { nil }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let user = try await UserModel.find(id, on: database) else {
                throw HelpdeskError.notFound("User \(id) does not exist.")
            }
            if let displayName, let name = displayName { user.displayName = name }
            if let isAdmin = input.isAdmin { user.isAdmin = isAdmin }
            if let hash {
                user.passwordHash = hash
                try await WebSessionModel.query(on: database).filter(\.$user.$id == id).delete()
                try await SessionOperations.revokeTokens(of: id, in: context)
            }
            try await user.save(on: database)
            return user
        }
    }
}

extension AccountOperations {
    /// A person's wish to be mailed about their own changes (default: no).
    public func setNotifyOwnChanges(_ value: Bool, for userID: UUID) async throws {
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            guard let user = try await UserModel.find(userID, on: database) else { throw HelpdeskError.notFound("There is no such user.") }
            user.notifyOwnChanges = value
            try await user.save(on: database)
        }
    }
}

extension AccountOperations {
    /// The rules' view of a person: identity, admin flag, memberships with their units' tiers.
    func principal(for user: UserModel) async throws -> Principal {
        let userID = try user.requireID()
        // One query for the memberships and their units (every signed-in request asks).
        let memberships = try await MembershipModel.query(on: helpdesk.database)
            .join(SupportUnitModel.self, on: \MembershipModel.$unit.$id == \SupportUnitModel.$id)
            .filter(\.$user.$id == userID)
            .all()
        return Principal(
            userID: userID,
            email: user.email,
            isAdmin: user.isAdmin,
            memberships: try memberships.map { membership in
                let unit = try membership.joined(SupportUnitModel.self)
                return Principal.Membership(unitID: try unit.requireID(), tier: unit.tier, role: membership.role)
            }
        )
    }
}
