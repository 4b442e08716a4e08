import Testing
@testable import SwitchboardCore

@Suite struct SubmitterReplyTests {
    @Test func onlyAPublicReplyOfTheSubmitterToAQuestionMovesTheTicket() {
        #expect(StatusTransitions.statusAfterReply(from: .waitingForReply, roles: [.submitter], visibility: .public) == .inProgress)
        #expect(StatusTransitions.statusAfterReply(from: .waitingForReply, roles: [.cc], visibility: .public) == nil)
        #expect(StatusTransitions.statusAfterReply(from: .waitingForReply, roles: [.owningSupporter], visibility: .public) == nil)
        #expect(StatusTransitions.statusAfterReply(from: .waitingForReply, roles: [.submitter, .owningSupporter], visibility: .internal) == nil)
        for status in TicketStatus.allCases where status != .waitingForReply {
            #expect(StatusTransitions.statusAfterReply(from: status, roles: [.submitter], visibility: .public) == nil)
        }
        // The move the reply makes is one the table allows.
        #expect(StatusTransitions.isAllowed(from: .waitingForReply, to: .inProgress, roles: [.submitter]))
    }
}
