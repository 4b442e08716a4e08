import Fluent
import Foundation
import SwitchboardCore

/// The administrators' rules "entitlement → membership of a unit", and memberships following
/// them: at each federated sign-in (`follow`), and at once when a rule is added (for the
/// entitlements people had at their last sign-in) or removed (its memberships end).
public struct EntitlementRuleOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var entitlementRules: EntitlementRuleOperations { EntitlementRuleOperations(helpdesk: self) }
}

/// What an administrator submits to add a rule.
public struct NewEntitlementRuleInput: Codable, Sendable {
    public var entitlement: String?
    public var unit: UUID?
    public var role: String?

    public init(entitlement: String? = nil, unit: UUID? = nil, role: String? = nil) {
        self.entitlement = entitlement
        self.unit = unit
        self.role = role
    }
}

extension EntitlementRuleOperations {
    /// Every rule with its unit, by entitlement.
    public func all() async throws -> [EntitlementRuleModel] {
        try await EntitlementRuleModel.query(on: helpdesk.database).with(\.$unit).sort(\.$pattern).sort(\.$createdAt).all()
    }

    public func create(_ input: NewEntitlementRuleInput, by acting: Acting) async throws -> EntitlementRuleModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may define entitlement rules.") }
        var errors = FieldErrors()
        let pattern = EntitlementPattern(input.entitlement ?? "")
        if let problem = pattern.problem { errors.add("entitlement", problem) }
        let role = MembershipRole(rawValue: input.role ?? MembershipRole.member.rawValue)
        if role == nil { errors.add("role", "The role is member or unit-admin.") }
        if input.unit == nil { errors.add("unit", "Choose the unit the rule makes people members of.") }
        try HelpdeskError.check(errors)
        let rule = try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard try await SupportUnitModel.find(input.unit!, on: database) != nil else {
                throw HelpdeskError.invalid("unit", "There is no such support unit.")
            }
            if try await EntitlementRuleModel.query(on: database).filter(\.$pattern == pattern.text).filter(\.$unit.$id == input.unit!).first() != nil {
                throw HelpdeskError.invalid("entitlement", "A rule for this entitlement and unit exists already.")
            }
            let rule = EntitlementRuleModel(pattern: pattern.text, unitID: input.unit!, role: role!, createdAt: context.now)
            try await rule.create(on: database)
            // People whose last sign-in carried a matching entitlement get the membership now.
            for identity in try await FederatedIdentityModel.query(on: database).all() where identity.entitlements.contains(where: pattern.matches) {
                try await Self.follow(identity.entitlements, userID: identity.$user.id, in: context)
            }
            return rule
        }
        try await rule.$unit.load(on: helpdesk.database)
        return rule
    }

    /// Removes a rule; the memberships it granted end (another rule may grant them again at
    /// the person's next sign-in).
    public func delete(_ id: UUID, by acting: Acting) async throws {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may remove entitlement rules.") }
        try await helpdesk.change(by: acting) { context in
            guard let rule = try await EntitlementRuleModel.find(id, on: context.database) else {
                throw HelpdeskError.notFound("There is no such entitlement rule.")
            }
            try await MembershipModel.query(on: context.database).filter(\.$grantedByRule == id).delete()
            try await rule.delete(on: context.database)
        }
    }

    /// Makes the rule-granted memberships of a person those their entitlements give now;
    /// memberships given by hand stay as they are.
    static func follow(_ entitlements: [String], userID: UUID, in context: ChangeContext) async throws {
        let database = context.database
        let rules = try await EntitlementRuleModel.query(on: database).all().map { try $0.rule }
        let memberships = try await MembershipModel.query(on: database).filter(\.$user.$id == userID).all()
        let plan = RuleMemberships.plan(
            current: memberships.map { RuleMemberships.Current(unitID: $0.$unit.id, role: $0.role, ruleID: $0.grantedByRule) },
            rules: rules, entitlements: entitlements)
        for grant in plan.grant {
            let membership = memberships.first { $0.$unit.id == grant.unitID } ?? MembershipModel(userID: userID, unitID: grant.unitID, role: grant.role)
            membership.role = grant.role
            membership.grantedByRule = grant.ruleID
            try await membership.save(on: database)
        }
        for unitID in plan.revoke {
            try await MembershipModel.query(on: database).filter(\.$user.$id == userID).filter(\.$unit.$id == unitID)
                .filter(\.$grantedByRule != nil).delete()
        }
    }
}
