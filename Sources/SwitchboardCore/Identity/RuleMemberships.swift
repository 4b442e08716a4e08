import Foundation

/// Support-unit memberships that follow a person's entitlements: an administrator's rule
/// "entitlement X → member of unit U" grants the membership while the provider asserts X, and
/// takes it away at the first sign-in without it. Memberships given by hand are never touched.
public enum RuleMemberships {
    public struct Rule: Sendable, Equatable {
        public var id: UUID
        public var pattern: EntitlementPattern
        public var unitID: UUID
        public var role: MembershipRole

        public init(id: UUID, pattern: EntitlementPattern, unitID: UUID, role: MembershipRole) {
            self.id = id
            self.pattern = pattern
            self.unitID = unitID
            self.role = role
        }
    }

    /// A membership the person has now; `ruleID` nil means given by hand.
    public struct Current: Sendable, Equatable {
        public var unitID: UUID
        public var role: MembershipRole
        public var ruleID: UUID?

        public init(unitID: UUID, role: MembershipRole, ruleID: UUID?) {
            self.unitID = unitID
            self.role = role
            self.ruleID = ruleID
        }
    }

    public struct Grant: Sendable, Equatable {
        public var unitID: UUID
        public var role: MembershipRole
        public var ruleID: UUID

        public init(unitID: UUID, role: MembershipRole, ruleID: UUID) {
            self.unitID = unitID
            self.role = role
            self.ruleID = ruleID
        }
    }

    public struct Plan: Sendable, Equatable {
        /// New memberships, and rule-granted ones whose role or rule changes.
        public var grant: [Grant] = []
        /// Units whose rule-granted membership ends.
        public var revoke: [UUID] = []

        public var isEmpty: Bool { grant.isEmpty && revoke.isEmpty }
    }

    /// What to change so that the rule-granted memberships are those the entitlements give.
    /// Several rules for one unit: the higher role wins (unit admin over member), then the
    /// first rule. Units sorted by id so that the plan does not depend on the rules' order.
    public static func plan(current: [Current], rules: [Rule], entitlements: [String]) -> Plan {
        var wanted: [UUID: Rule] = [:]
        for rule in rules where entitlements.contains(where: rule.pattern.matches) {
            if let chosen = wanted[rule.unitID], !(chosen.role == .member && rule.role == .unitAdmin) { continue }
            wanted[rule.unitID] = rule
        }
        let byUnit = Dictionary(current.map { ($0.unitID, $0) }, uniquingKeysWith: { first, _ in first })
        var plan = Plan()
        for (unitID, rule) in wanted.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            if let existing = byUnit[unitID] {
                // By hand stays by hand; rule-granted follows the rule.
                guard existing.ruleID != nil, existing.role != rule.role || existing.ruleID != rule.id else { continue }
            }
            plan.grant.append(Grant(unitID: unitID, role: rule.role, ruleID: rule.id))
        }
        plan.revoke = current.filter { $0.ruleID != nil && wanted[$0.unitID] == nil }.map(\.unitID).sorted { $0.uuidString < $1.uuidString }
        return plan
    }
}
