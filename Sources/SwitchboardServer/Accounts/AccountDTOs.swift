import Foundation
import SwitchboardCore
import Vapor

extension NewUserInput: Content {}
extension NewSupportUnitInput: Content {}
extension UserUpdateInput: Content {}

struct TokenRequest: Content {
    var email: String
    var password: String
    /// A label for the token ("laptop").
    var name: String?
}

struct TokenResponse: Content {
    var id: UUID
    /// Shown once; store it now.
    var token: String
    var name: String
    var createdAt: Date
}

struct MembershipResponse: Content {
    var unit: UnitReference
    var role: MembershipRole
}

struct UserResponse: Content {
    var id: UUID
    var email: String
    var displayName: String
    var isAdmin: Bool
    var memberships: [MembershipResponse]

    init(_ user: UserModel, memberships: [MembershipModel]) throws {
        id = try user.requireID()
        email = user.email
        displayName = user.displayName
        isAdmin = user.isAdmin
        self.memberships = try memberships.map { MembershipResponse(unit: try UnitReference($0.unit), role: $0.role) }
    }
}

struct MemberRequest: Content {
    var user: UUID
    var role: String?
}

struct MemberResponse: Content {
    var user: PersonReference
    var role: MembershipRole
}

struct SupportUnitResponse: Content {
    var id: UUID
    var name: String
    var tier: SupportTier
    var parent: UUID?
    var mailingList: String
    var serviceLevel: String
    var timeZone: String
    /// The unit's calendar; absent means Monday to Friday 09:00–17:00 in the unit's time zone.
    var calendar: UUID?
    /// The unit's own sweep days ("tue,thu"); absent means the installation's default.
    var sweepDays: String?
    /// Present when one unit is asked for.
    var members: [MemberResponse]?

    init(_ unit: SupportUnitModel, members: [MembershipModel]? = nil) throws {
        id = try unit.requireID()
        name = unit.name
        tier = unit.tier
        parent = unit.$parent.id
        mailingList = unit.mailingList
        serviceLevel = unit.serviceLevel
        timeZone = unit.timeZone
        calendar = unit.$calendar.id
        sweepDays = unit.sweepDays
        self.members = try members?.map { MemberResponse(user: try PersonReference($0.user), role: $0.role) }
    }
}
