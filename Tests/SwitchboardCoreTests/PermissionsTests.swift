import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct PermissionsTests {
    let tpm = UUID(), dmsu = UUID(), dcache = UUID(), cream = UUID()
    let submitterID = UUID()

    var ticket: TicketAccess {
        TicketAccess(
            status: .inProgress, submitterID: submitterID, supportUnitID: dmsu,
            involvedUnitIDs: [dcache], ccAddresses: ["Watcher@Example.org"])
    }

    var submitter: Principal { Principal(userID: submitterID, email: "alice@example.edu") }
    var ccPerson: Principal { Principal(userID: UUID(), email: "watcher@example.org") }
    var stranger: Principal { Principal(userID: UUID(), email: "mallory@example.com") }
    var expert: Principal { Principal(userID: UUID(), email: "e@x.org", memberships: [.init(unitID: dmsu, tier: .secondLine)]) }
    var triage: Principal { Principal(userID: UUID(), email: "t@x.org", memberships: [.init(unitID: tpm, tier: .firstLine)]) }
    var involved: Principal { Principal(userID: UUID(), email: "d@x.org", memberships: [.init(unitID: dcache, tier: .thirdLine)]) }
    var otherTeam: Principal { Principal(userID: UUID(), email: "c@x.org", memberships: [.init(unitID: cream, tier: .thirdLine)]) }
    var admin: Principal { Principal(userID: UUID(), email: "a@x.org", isAdmin: true) }

    @Test func rolesFollowFromMembershipsAndTheTicket() {
        #expect(TicketRole.roles(of: submitter, on: ticket) == [.submitter])
        #expect(TicketRole.roles(of: ccPerson, on: ticket) == [.cc])
        #expect(TicketRole.roles(of: stranger, on: ticket).isEmpty)
        #expect(TicketRole.roles(of: expert, on: ticket) == [.owningSupporter])
        #expect(TicketRole.roles(of: triage, on: ticket) == [.firstLine])
        #expect(TicketRole.roles(of: involved, on: ticket) == [.involvedSupporter])
        #expect(TicketRole.roles(of: otherTeam, on: ticket) == [.otherSupporter])
        #expect(TicketRole.roles(of: admin, on: ticket) == [.admin])
        #expect(TicketRole.roles(of: .system, on: ticket) == [.system])
    }

    @Test func theResponsiblePersonOwnsTheTicket() {
        let person = UUID()
        var access = ticket
        access.assigneeID = person
        #expect(TicketRole.roles(of: Principal(userID: person, email: "p@x.org"), on: access).contains(.owningSupporter))
    }

    @Test func submittersAndCCNeverSeeInternalEntries() {
        #expect(!Permissions.allows(submitter, .seeInternal, on: ticket))
        #expect(!Permissions.allows(ccPerson, .seeInternal, on: ticket))
        #expect(!Permissions.allows(submitter, .commentInternal, on: ticket))
        #expect(!Permissions.allows(submitter, .addInternalAttachment, on: ticket))
        for supporter in [expert, triage, involved, otherTeam, admin, Principal.system] {
            #expect(Permissions.allows(supporter, .seeInternal, on: ticket))
        }
    }

    @Test func strangersCannotEvenKnowTheTicket() {
        for action in TicketAction.allCases {
            #expect(Permissions.decide(stranger, action, on: ticket) == .cannotRead, "\(action)")
        }
    }

    /// Who may do what, on an open ticket: one row per actor, the allowed actions.
    @Test func matrix() {
        let everything = Set(TicketAction.allCases)
        let expectations: [(String, Principal, Set<TicketAction>)] = [
            ("submitter", submitter, [.read, .commentPublic, .addAttachment]),
            ("cc", ccPerson, [.read, .commentPublic, .addAttachment]),
            ("owning unit", expert, everything),
            ("first line", triage, everything),
            ("admin", admin, everything),
            ("involved unit", involved, [.read, .seeInternal, .commentPublic, .commentInternal, .link, .addAttachment, .addInternalAttachment]),
            ("uninvolved supporter", otherTeam, [.read, .seeInternal]),
            ("stranger", stranger, []),
        ]
        for (name, actor, allowed) in expectations {
            for action in TicketAction.allCases {
                #expect(Permissions.allows(actor, action, on: ticket) == allowed.contains(action), "\(name): \(action)")
            }
        }
    }

    @Test func aVerifiedTicketCanOnlyBeRead() {
        var verified = ticket
        verified.status = .verified
        for action in TicketAction.allCases {
            let expected = action == .read || action == .seeInternal
            #expect(Permissions.allows(admin, action, on: verified) == expected, "\(action)")
        }
        #expect(Permissions.decide(admin, .commentPublic, on: verified) == .ticketFinal)
    }

    @Test func aSolvedTicketIsNotRoutedWithoutReopening() {
        var solved = ticket
        solved.status = .solved
        #expect(Permissions.decide(expert, .assignUnit, on: solved) == .ticketNotOpen(.assignUnit))
        #expect(Permissions.allows(submitter, .commentPublic, on: solved))
    }

    @Test func fieldEditsFollowTheFieldsEditors() {
        #expect(Permissions.decideEdit(submitter, .subject, on: ticket) == nil)
        #expect(Permissions.decideEdit(submitter, .notificationMode, on: ticket) == nil)
        #expect(Permissions.decideEdit(submitter, .fixedVersion, on: ticket) == .notEditable(.fixedVersion))
        #expect(Permissions.decideEdit(submitter, .eta, on: ticket) == .notEditable(.eta))
        #expect(Permissions.decideEdit(expert, .eta, on: ticket) == nil)
        #expect(Permissions.decideEdit(expert, .notificationMode, on: ticket) == .notEditable(.notificationMode))
        #expect(Permissions.decideEdit(involved, .vo, on: ticket) == .notEditable(.vo))
        #expect(Permissions.decideEdit(stranger, .vo, on: ticket) == .cannotRead)
        var verified = ticket
        verified.status = .verified
        for field in TicketField.allCases {
            #expect(Permissions.decideEdit(admin, field, on: verified) == .ticketFinal)
        }
    }

    @Test func unitMembersAreManagedByAdminsAndUnitAdmins() {
        let unitAdmin = Principal(userID: UUID(), email: "u@x.org", memberships: [.init(unitID: dmsu, tier: .secondLine, role: .unitAdmin)])
        #expect(Permissions.mayManageMembers(of: dmsu, unitAdmin))
        #expect(!Permissions.mayManageMembers(of: dcache, unitAdmin))
        #expect(!Permissions.mayManageMembers(of: dmsu, expert))
        #expect(Permissions.mayManageMembers(of: dmsu, admin))
        #expect(Permissions.mayAdminister(admin) && !Permissions.mayAdminister(expert))
    }
}
