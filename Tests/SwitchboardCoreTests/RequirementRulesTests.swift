import Foundation
import Testing
@testable import SwitchboardCore

/// Requirement assessment: the estimate, the threshold that picks the route, who assesses, and
/// what the requirements queue's statuses mean for our ticket.
@Suite struct RequirementRulesTests {
    @Test func estimatesArePositiveFiniteAndBounded() {
        for good in [0.5, 1, 5, 10_000] {
            var errors = FieldErrors()
            #expect(RequirementRules.validateEstimate(good, into: &errors) == good && errors.isEmpty, "\(good)")
        }
        for bad: Double? in [nil, 0, -1, 10_000.5, .infinity, .nan] {
            var errors = FieldErrors()
            #expect(RequirementRules.validateEstimate(bad, into: &errors) == nil)
            #expect(errors.messages["personDays"]?.count == 1, "\(String(describing: bad))")
        }
    }

    @Test func theThresholdPicksTheRouteAndItsOwnValueGoesToTheQueue() {
        let threshold = RequirementRules.defaultThresholdPersonDays
        #expect(RequirementRules.route(forEstimate: 4.9, threshold: threshold) == .productTeam)
        #expect(RequirementRules.route(forEstimate: 5, threshold: threshold) == .requirementsQueue)
        #expect(RequirementRules.route(forEstimate: 5.1, threshold: threshold) == .requirementsQueue)
        #expect(RequirementRules.route(forEstimate: 2, threshold: 1.5) == .requirementsQueue, "the threshold is configurable")
    }

    @Test func aRouteIsRefusedWithItsReason() {
        func refusal(_ route: RequirementRoute, category: TicketCategory = .requirement, status: TicketStatus = .assigned,
                     estimate: Double? = 3, spawned: Bool = false) -> String? {
            RequirementRules.refusal(route: route, category: category, status: status, estimate: estimate, threshold: 5, alreadySpawned: spawned)
        }
        #expect(refusal(.productTeam) == nil)
        #expect(refusal(.requirementsQueue, estimate: 5) == nil)
        #expect(refusal(.productTeam, category: .incident)?.contains("category requirement") == true)
        #expect(refusal(.productTeam, status: .solved)?.contains("only open requirements") == true)
        #expect(refusal(.productTeam, estimate: nil) == "Estimate the effort first.")
        #expect(refusal(.requirementsQueue, estimate: 2.5) == "An effort of 2.5 person-days is below 5: it goes to a product team, not to the requirements queue.")
        #expect(refusal(.productTeam, estimate: 8) == "An effort of 8 person-days is 5 or more: it goes to the requirements queue, not to a product team.")
        #expect(refusal(.requirementsQueue, estimate: 9, spawned: true) == "The requirement is in the requirements queue already.")
    }

    @Test func onlySecondLineAndAdministratorsAssess() {
        let unit = UUID()
        func principal(_ tier: SupportTier?, admin: Bool = false) -> Principal {
            Principal(userID: UUID(), email: "x@example.org", isAdmin: admin,
                      memberships: tier.map { [Principal.Membership(unitID: unit, tier: $0)] } ?? [])
        }
        #expect(RequirementRules.mayAssess(principal(.secondLine)))
        #expect(RequirementRules.mayAssess(principal(nil, admin: true)))
        for tier: SupportTier? in [.firstLine, .thirdLine, .release, nil] {
            #expect(!RequirementRules.mayAssess(principal(tier)), "\(String(describing: tier))")
        }
    }

    @Test func theTrackersStatusesMapToAnOutcomeAndANote() {
        #expect(TrackedRequirementOutcome(trackerStatus: "new") == .pending)
        #expect(TrackedRequirementOutcome(trackerStatus: "open") == .pending)
        #expect(TrackedRequirementOutcome(trackerStatus: "stalled") == .pending)
        #expect(TrackedRequirementOutcome(trackerStatus: "Resolved") == .resolved)
        #expect(TrackedRequirementOutcome(trackerStatus: "rejected") == .rejected)
        #expect(TrackedRequirementOutcome(trackerStatus: "deleted") == .rejected)
        #expect(TrackedRequirementOutcome.pending.note(trackerID: "7", url: "u") == nil)
        #expect(TrackedRequirementOutcome.resolved.note(trackerID: "7", url: "https://rt.example.org/Ticket/Display.html?id=7")?
            .contains("#7 was resolved (https://rt.example.org/Ticket/Display.html?id=7)") == true)
    }

    @Test func theStageFollowsTheEstimateTheRouteAndTheQueuesDecision() {
        #expect(RequirementStage(estimated: false, route: nil, outcome: nil) == .awaitingEstimate)
        #expect(RequirementStage(estimated: true, route: nil, outcome: nil) == .estimated)
        #expect(RequirementStage(estimated: true, route: .productTeam, outcome: nil) == .withProductTeam)
        #expect(RequirementStage(estimated: true, route: .requirementsQueue, outcome: nil) == .inRequirementsQueue)
        #expect(RequirementStage(estimated: true, route: .requirementsQueue, outcome: .pending) == .inRequirementsQueue)
        #expect(RequirementStage(estimated: true, route: .requirementsQueue, outcome: .resolved) == .implemented)
        #expect(RequirementStage(estimated: true, route: .requirementsQueue, outcome: .rejected) == .rejected)
    }
}

