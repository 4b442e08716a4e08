import Testing
@testable import SwitchboardCore

@Suite struct RelationRulesTests {
    @Test func dependentsWaitOnHoldWhileOpen() {
        for status in TicketStatus.allCases {
            let expected: TicketStatus? = status.isOpen && status != .onHold ? .onHold : nil
            #expect(RelationRules.statusOnBecomingDependent(status) == expected, "\(status)")
        }
    }

    @Test func slavesAreSolvedWithTheirMasterOnly() {
        #expect(RelationRules.slaveStatus(afterMasterEntered: .solved, slave: .onHold) == .solved)
        #expect(RelationRules.slaveStatus(afterMasterEntered: .solved, slave: .verified) == nil)
        #expect(RelationRules.slaveStatus(afterMasterEntered: .unsolved, slave: .onHold) == nil)
        #expect(RelationRules.slaveStatus(afterMasterEntered: .inProgress, slave: .onHold) == nil)
    }

    @Test func aParentReturnsToWorkWhenItsLastChildIsDone() {
        #expect(RelationRules.parentStatus(parent: .onHold, children: [.solved, .closed, .verified]) == .inProgress)
        #expect(RelationRules.parentStatus(parent: .onHold, children: [.solved, .inProgress]) == nil)
        #expect(RelationRules.parentStatus(parent: .inProgress, children: [.solved]) == nil)
        #expect(RelationRules.parentStatus(parent: .onHold, children: []) == nil)
    }

    @Test func theDependentSideOfEachLink() {
        #expect(RelationRules.dependent(of: .masterOf, source: 1, target: 2)?.dependent == 2)
        #expect(RelationRules.dependent(of: .slaveOf, source: 1, target: 2)?.dependent == 1)
        #expect(RelationRules.dependent(of: .parentOf, source: 1, target: 2)?.dependent == 1)
        #expect(RelationRules.dependent(of: .childOf, source: 1, target: 2)?.dependent == 2)
        #expect(RelationRules.dependent(of: .related, source: 1, target: 2) == nil)
        // Every kind and its inverse name the same dependent from either side.
        for kind in TicketLinkKind.allCases {
            #expect(RelationRules.dependent(of: kind, source: 1, target: 2)?.dependent == RelationRules.dependent(of: kind.inverse, source: 2, target: 1)?.dependent)
        }
    }
}
