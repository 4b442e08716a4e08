import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct EntitlementTests {
    @Test func aGroupEntitlementIsRead() throws {
        let full = try #require(Entitlement("urn:mace:egi.eu:group:atlas:production:role=member#aai.egi.eu"))
        #expect(full.namespace == "urn:mace:egi.eu" && full.groups == ["atlas", "production"])
        #expect(full.role == "member" && full.authority == "aai.egi.eu" && full.virtualOrganisation == "atlas")
        let bare = try #require(Entitlement("urn:geant:example.org:group:cms"))
        #expect(bare.groups == ["cms"] && bare.role == nil && bare.authority == nil)
        for value in ["", "atlas", "urn:mace:egi.eu:res:atlas", "urn:mace:egi.eu:group:", "urn:mace:egi.eu:group:atlas::x",
                      "urn:mace:egi.eu:group:role=member", "urn:mace:egi.eu:group:atlas:role=", "urn::group:atlas"] {
            #expect(Entitlement(value) == nil, "\(value)")
        }
    }

    @Test func theVOChoicesAreEachVOOnce() {
        #expect(Entitlement.virtualOrganisations(of: [
            "urn:mace:egi.eu:group:cms:role=member#aai.egi.eu", "urn:mace:egi.eu:group:atlas:role=vm_operator#aai.egi.eu",
            "urn:mace:egi.eu:group:atlas:production:role=member#aai.egi.eu", "not an entitlement",
        ]) == ["atlas", "cms"])
        #expect(Entitlement.virtualOrganisations(of: []).isEmpty)
    }

    @Test func patternsMatchExactlyByPrefixOrWithoutAuthority() {
        let exact = EntitlementPattern("urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu")
        #expect(exact.matches("urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu"))
        #expect(!exact.matches("urn:mace:egi.eu:group:dmsu:role=member#other.example.org"))
        #expect(!exact.matches("urn:mace:egi.eu:group:dmsu:role=manager#aai.egi.eu"))
        let anyAuthority = EntitlementPattern("urn:mace:egi.eu:group:dmsu:role=member")
        #expect(anyAuthority.matches("urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu"))
        #expect(anyAuthority.matches("urn:mace:egi.eu:group:dmsu:role=member"))
        #expect(!anyAuthority.matches("urn:mace:egi.eu:group:dmsu:role=member-x#aai.egi.eu"))
        let prefix = EntitlementPattern("urn:mace:egi.eu:group:dmsu:*")
        #expect(prefix.matches("urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu"))
        #expect(!prefix.matches("urn:mace:egi.eu:group:dmsu-other:role=member#aai.egi.eu"))
    }

    @Test func patternsWithProblemsAreRefused() {
        #expect(EntitlementPattern("urn:mace:egi.eu:group:dmsu").problem == nil)
        #expect(EntitlementPattern("urn:mace:egi.eu:group:*").problem == nil)
        #expect(EntitlementPattern(" ").problem != nil)
        #expect(EntitlementPattern("urn:*").problem != nil, "too wide")
        #expect(EntitlementPattern("urn:mace:*:group:dmsu").problem != nil)
        #expect(EntitlementPattern("urn:mace:egi.eu:group:dm su").problem != nil)
        #expect(EntitlementPattern("dmsu").problem != nil)
    }
}

@Suite struct RuleMembershipsTests {
    let dmsu = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    let tpm = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
    let memberRule = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    let adminRule = UUID(uuidString: "00000000-0000-0000-0000-0000000000a2")!
    let tpmRule = UUID(uuidString: "00000000-0000-0000-0000-0000000000a3")!
    let member = "urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu"
    let manager = "urn:mace:egi.eu:group:dmsu:role=manager#aai.egi.eu"

    var rules: [RuleMemberships.Rule] {
        [RuleMemberships.Rule(id: memberRule, pattern: EntitlementPattern("urn:mace:egi.eu:group:dmsu:role=member"), unitID: dmsu, role: .member),
         RuleMemberships.Rule(id: adminRule, pattern: EntitlementPattern("urn:mace:egi.eu:group:dmsu:role=manager"), unitID: dmsu, role: .unitAdmin),
         RuleMemberships.Rule(id: tpmRule, pattern: EntitlementPattern("urn:mace:egi.eu:group:tpm:*"), unitID: tpm, role: .member)]
    }

    @Test func matchingRulesGrantAndTheHigherRoleWins() {
        let plan = RuleMemberships.plan(current: [], rules: rules, entitlements: [member])
        #expect(plan == RuleMemberships.Plan(grant: [.init(unitID: dmsu, role: .member, ruleID: memberRule)], revoke: []))
        let both = RuleMemberships.plan(current: [], rules: rules, entitlements: [member, manager])
        #expect(both.grant == [.init(unitID: dmsu, role: .unitAdmin, ruleID: adminRule)])
        let reversed = RuleMemberships.plan(current: [], rules: rules.reversed(), entitlements: [manager, member])
        #expect(reversed.grant == both.grant, "the rules' order does not decide")
    }

    @Test func ruleGrantedMembershipsFollowTheClaims() {
        let granted = RuleMemberships.Current(unitID: dmsu, role: .member, ruleID: memberRule)
        #expect(RuleMemberships.plan(current: [granted], rules: rules, entitlements: [member]).isEmpty, "nothing to do")
        #expect(RuleMemberships.plan(current: [granted], rules: rules, entitlements: []).revoke == [dmsu])
        let promoted = RuleMemberships.plan(current: [granted], rules: rules, entitlements: [manager])
        #expect(promoted.grant == [.init(unitID: dmsu, role: .unitAdmin, ruleID: adminRule)] && promoted.revoke.isEmpty)
        // A rule removed by the administrator: its memberships end at the next sign-in.
        #expect(RuleMemberships.plan(current: [granted], rules: [], entitlements: [member]).revoke == [dmsu])
    }

    @Test func membershipsGivenByHandAreLeftAlone() {
        let byHand = RuleMemberships.Current(unitID: dmsu, role: .member, ruleID: nil)
        #expect(RuleMemberships.plan(current: [byHand], rules: rules, entitlements: [manager]).isEmpty)
        #expect(RuleMemberships.plan(current: [byHand], rules: rules, entitlements: []).isEmpty)
    }
}
