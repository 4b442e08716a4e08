import Testing
@testable import SwitchboardCore

/// The state machine, checked for every (from, to, role) against a specification written
/// here independently of the table: as prose rules, one per target status.
@Suite struct StatusTransitionsTests {
    static let handlers: Set<TicketRole> = [.owningSupporter, .firstLine, .admin]

    /// The expected answer, written from DESIGN.md §2 without looking at the table.
    static func expected(from: TicketStatus, to: TicketStatus, role: TicketRole) -> Bool {
        if from == to || from == .verified { return false }
        switch to {
        case .new, .assigned:
            return false
        case .inProgress:
            if from == .waitingForReply && role == .submitter { return true }
            return from.isOpen && (handlers.contains(role) || role == .system)
        case .waitingForReply:
            return from.isOpen && handlers.contains(role)
        case .onHold, .solved, .unsolved:
            return from.isOpen && (handlers.contains(role) || role == .system)
        case .reopened:
            if role == .submitter { return [.solved, .unsolved, .closed].contains(from) }
            return [.solved, .unsolved].contains(from) && handlers.contains(role)
        case .verified:
            return role == .submitter && [.solved, .unsolved].contains(from)
        case .closed:
            return [.solved, .unsolved].contains(from) && (role == .system || role == .admin)
        }
    }

    @Test("every status × target × role", arguments: TicketStatus.allCases)
    func exhaustive(from: TicketStatus) {
        for to in TicketStatus.allCases {
            for role in TicketRole.allCases {
                let allowed = StatusTransitions.isAllowed(from: from, to: to, roles: [role])
                #expect(allowed == Self.expected(from: from, to: to, role: role), "\(from.rawValue) → \(to.rawValue) by \(role.rawValue)")
            }
        }
    }

    @Test func verifiedIsFinalForEveryone() {
        for to in TicketStatus.allCases {
            #expect(throws: StatusTransitions.Refusal.final(.verified)) {
                try StatusTransitions.check(from: .verified, to: to, roles: Set(TicketRole.allCases))
            }
        }
    }

    @Test func onlyTheSubmitterReopensAClosedTicket() {
        #expect(StatusTransitions.isAllowed(from: .closed, to: .reopened, roles: [.submitter]))
        for role in TicketRole.allCases where role != .submitter {
            #expect(!StatusTransitions.isAllowed(from: .closed, to: .reopened, roles: [role]), "\(role)")
        }
    }

    @Test func onlySupportersAskTheSubmitter() {
        #expect(StatusTransitions.isAllowed(from: .inProgress, to: .waitingForReply, roles: [.owningSupporter]))
        for role: TicketRole in [.submitter, .cc, .involvedSupporter, .otherSupporter, .system] {
            #expect(!StatusTransitions.isAllowed(from: .inProgress, to: .waitingForReply, roles: [role]), "\(role)")
        }
    }

    @Test func refusalsSayWhy() {
        #expect(throws: StatusTransitions.Refusal.setByRoutingOnly) {
            try StatusTransitions.check(from: .new, to: .assigned, roles: [.admin])
        }
        #expect(throws: StatusTransitions.Refusal.notFromStatus(from: .closed, to: .solved)) {
            try StatusTransitions.check(from: .closed, to: .solved, roles: [.admin])
        }
        do {
            try StatusTransitions.check(from: .solved, to: .verified, roles: [.owningSupporter])
            Issue.record("a supporter verified a ticket")
        } catch {
            #expect(error.description == "Only the submitter may move a ticket from solved to verified.")
        }
    }

    @Test func anyHeldRoleSuffices() {
        // A supporter who submitted their own ticket may both verify it and work on it.
        let roles: Set<TicketRole> = [.submitter, .owningSupporter]
        #expect(StatusTransitions.isAllowed(from: .solved, to: .verified, roles: roles))
        #expect(StatusTransitions.isAllowed(from: .new, to: .inProgress, roles: roles))
    }

    @Test func routingNeedsAnOpenTicketAndAHandler() throws {
        try StatusTransitions.checkRouting(from: .inProgress, roles: [.firstLine])
        #expect(throws: StatusTransitions.Refusal.self) { try StatusTransitions.checkRouting(from: .solved, roles: [.admin]) }
        #expect(throws: StatusTransitions.Refusal.self) { try StatusTransitions.checkRouting(from: .new, roles: [.submitter]) }
        #expect(throws: StatusTransitions.Refusal.final(.verified)) { try StatusTransitions.checkRouting(from: .verified, roles: [.admin]) }
    }

    @Test func targetsListWhatAFormMayOffer() {
        #expect(StatusTransitions.targets(from: .solved, roles: [.submitter]) == [.reopened, .verified])
        #expect(StatusTransitions.targets(from: .verified, roles: Set(TicketRole.allCases)).isEmpty)
    }
}
