import Foundation

/// Whose rights a change is checked against: a signed-in person with their memberships, or the system itself
/// (automated processes). Built by the server from the database; the rules only read it.
public struct Principal: Sendable, Equatable {
    public struct Membership: Sendable, Equatable, Hashable {
        public var unitID: UUID
        public var tier: SupportTier
        public var role: MembershipRole

        public init(unitID: UUID, tier: SupportTier, role: MembershipRole = .member) {
            self.unitID = unitID
            self.tier = tier
            self.role = role
        }
    }

    public enum Identity: Sendable, Equatable {
        case user(id: UUID, email: String)
        case system
    }

    public var identity: Identity
    public var isAdmin: Bool
    public var memberships: [Membership]

    public init(userID: UUID, email: String, isAdmin: Bool = false, memberships: [Membership] = []) {
        self.identity = .user(id: userID, email: email)
        self.isAdmin = isAdmin
        self.memberships = memberships
    }

    private init(system: Void) {
        self.identity = .system
        self.isAdmin = false
        self.memberships = []
    }

    /// The automated processes.
    public static let system = Principal(system: ())

    public var userID: UUID? {
        if case .user(let id, _) = identity { return id }
        return nil
    }

    public var email: String? {
        if case .user(_, let email) = identity { return email }
        return nil
    }

    public var isSystem: Bool { identity == .system }

    /// A supporter is a member of at least one support unit.
    public var isSupporter: Bool { !memberships.isEmpty }

    public var isFirstLine: Bool { memberships.contains { $0.tier == .firstLine } }

    public func isMember(of unitID: UUID) -> Bool {
        memberships.contains { $0.unitID == unitID }
    }

    public func isUnitAdmin(of unitID: UUID) -> Bool {
        memberships.contains { $0.unitID == unitID && $0.role == .unitAdmin }
    }
}
