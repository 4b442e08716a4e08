import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

struct RequirementJSON: Codable {
    var ticket: Int
    var personDays: Double?
    var estimatedBy: String?
    var thresholdPersonDays: Double
    var allowedRoute: String?
    var route: String?
    var trackerId: String?
    var trackerUrl: String?
    var trackerStatus: String?
    var stage: String
}

struct RequirementLineJSON: Codable {
    var ticket: Int
    var personDays: Double?
    var route: String?
    var stage: String
    var unit: String
}

/// Requirement assessment through the API (seed 000): second line estimates, the threshold
/// picks the route, a product team gets it as a less urgent ticket; the requirements queue's
/// side without a queue or with one that is down (the round trip with a real Request Tracker
/// is `RequirementsQueueRoundTripTests`).
@Suite struct RequirementAssessmentTests {
    /// A requirement filed by Alice and routed to DMSU (second line).
    static func requirement(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast, subject: String = "Support GLUE 2.1 in the BDII") async throws -> Int {
        let id = try await desk.fileTicket(as: cast.alice, subject: subject, extra: ["category": "requirement", "priority": "urgent"])
        let routed = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
        #expect(routed.status == .ok, "\(routed.body.string)")
        return id
    }

    static func estimate(_ desk: TestHelpdesk, _ id: Int, _ days: Double, as person: TestHelpdesk.Person) async throws -> TestingHTTPResponse {
        try await desk.request(.PUT, "/api/v1/tickets/\(id)/estimate", as: person, json: ["personDays": days])
    }

    @Test func onlySecondLineEstimatesAndBadEstimatesChangeNothing() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await Self.requirement(desk, cast)
            for person in [cast.alice, cast.triage, cast.developer] {
                let refused = try await Self.estimate(desk, id, 3, as: person)
                #expect(refused.status == .forbidden, "\(person.email): \(refused.body.string)")
            }
            for body in [#"{"personDays": 0}"#, #"{"personDays": -2}"#, #"{"personDays": 10001}"#, #"{}"#, #"{"personDays": "three"}"#] {
                let refused = try await desk.request(.PUT, "/api/v1/tickets/\(id)/estimate", as: cast.expert, rawBody: body)
                #expect(refused.status == .unprocessableEntity || refused.status == .badRequest, "\(body): \(refused.body.string)")
            }
            let none = try await desk.request(.GET, "/api/v1/tickets/\(id)/requirement", as: cast.expert).content.decode(RequirementJSON.self)
            #expect(none.personDays == nil && none.stage == "awaiting-estimate" && none.allowedRoute == nil)

            let estimated = try await Self.estimate(desk, id, 3, as: cast.expert)
            #expect(estimated.status == .ok, "\(estimated.body.string)")
            let requirement = try estimated.content.decode(RequirementJSON.self)
            #expect(requirement.personDays == 3 && requirement.estimatedBy == "Eva Expert" && requirement.allowedRoute == "product-team")
            #expect(requirement.stage == "estimated" && requirement.thresholdPersonDays == 5)

            // The estimate is the supporters' work: internal in the history, not for the submitter.
            let supporterEvents = try await desk.events(id, as: cast.expert)
            let estimateEvent = try #require(supporterEvents.last { $0.changes.contains { $0.field == "estimate" } })
            #expect(estimateEvent.visibility == "internal" && estimateEvent.changes.first?.after == "3 person-days")
            #expect(try await desk.events(id, as: cast.alice).allSatisfy { event in !event.changes.contains { $0.field == "estimate" } })
            #expect(try await desk.request(.GET, "/api/v1/tickets/\(id)/requirement", as: cast.alice).status == .forbidden)

            // An incident is not estimated.
            let incident = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail")
            #expect(try await Self.estimate(desk, incident, 3, as: cast.expert).status == .conflict)
        }
    }

    @Test func belowTheThresholdItGoesToAProductTeamAsALessUrgentTicket() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await Self.requirement(desk, cast)
            // Not estimated yet: no route.
            let early = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert,
                                               json: ["to": "product-team", "unit": "dCache"])
            #expect(early.status == .conflict && early.body.string.contains("Estimate the effort first"), "\(early.body.string)")
            #expect(try await Self.estimate(desk, id, 4.5, as: cast.expert).status == .ok)

            let queue = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "requirements-queue"])
            #expect(queue.status == .conflict && queue.body.string.contains("below 5"), "\(queue.body.string)")
            let notThirdLine = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert,
                                                      json: ["to": "product-team", "unit": "DMSU"])
            #expect(notThirdLine.status == .unprocessableEntity, "\(notThirdLine.body.string)")
            let byFirstLine = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.triage,
                                                     json: ["to": "product-team", "unit": "dCache"])
            #expect(byFirstLine.status == .forbidden)
            let unknownRoute = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "somewhere"])
            #expect(unknownRoute.status == .unprocessableEntity)
            let before = try await desk.ticket(id, as: cast.expert)
            #expect(before.supportUnit.name == "DMSU" && before.priority != "less-urgent", "refusals changed nothing")

            let routed = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert,
                                                json: ["to": "product-team", "unit": "dCache", "note": "A small change in the info provider."])
            #expect(routed.status == .ok, "\(routed.body.string)")
            #expect(try routed.content.decode(RequirementJSON.self).stage == "with-product-team")
            let ticket = try await desk.ticket(id, as: cast.alice)
            #expect(ticket.supportUnit.name == "dCache" && ticket.priority == "less-urgent" && ticket.status == "assigned")
            let events = try await desk.events(id, as: cast.alice)
            #expect(events.contains { $0.kind == "priority-changed" && $0.rule == "requirement-routing" && $0.changes.first?.after == "less-urgent" })
            #expect(events.contains { $0.kind == "assigned-to-unit" && $0.changes.contains { $0.field == "supportUnit" && $0.after == "dCache" } })
            #expect(events.contains { $0.comment?.body == "A small change in the info provider." })
            // The dCache team's clock runs on the less urgent target.
            #expect(ticket.response != nil)

            #expect(try await Self.estimate(desk, id, 20, as: cast.expert).status == .conflict, "the estimate stays once routed")
            let again = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert,
                                               json: ["to": "product-team", "unit": "CREAM"])
            #expect(again.status == .conflict)
        }
    }

    @Test func theThresholdItselfGoesToTheQueueAndIsConfigurable() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await Self.requirement(desk, cast)
            let atThreshold = try await Self.estimate(desk, id, 5, as: cast.expert).content.decode(RequirementJSON.self)
            #expect(atThreshold.allowedRoute == "requirements-queue")
            let refused = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert,
                                                 json: ["to": "product-team", "unit": "dCache"])
            #expect(refused.status == .conflict && refused.body.string.contains("5 or more"), "\(refused.body.string)")
        }
        try await TestHelpdesk.with(configure: { $0.requirements.thresholdPersonDays = 10 }) { desk in
            let cast = try await desk.cast()
            let id = try await Self.requirement(desk, cast)
            let requirement = try await Self.estimate(desk, id, 5, as: cast.expert).content.decode(RequirementJSON.self)
            #expect(requirement.allowedRoute == "product-team" && requirement.thresholdPersonDays == 10)
        }
    }

    @Test func withoutAQueueOrWithAQueueThatIsDownNothingChanges() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let id = try await Self.requirement(desk, cast)
            #expect(try await Self.estimate(desk, id, 12, as: cast.expert).status == .ok)
            let eventsBefore = try await desk.events(id, as: cast.expert).count

            let unconfigured = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "requirements-queue"])
            #expect(unconfigured.status == .conflict && unconfigured.body.string.contains("SWITCHBOARD_RT_URL"), "\(unconfigured.body.string)")
            #expect(try await desk.request(.POST, "/api/v1/requirements/sync", as: cast.expert).status == .conflict)

            // Nothing listens on port 9 of the loopback.
            var down = RequestTrackerSettings(baseURL: "http://127.0.0.1:9", queue: "Requirements", token: "1-2-secret-token")
            down.timeoutSeconds = 2
            desk.app.requirementsTracker = RequestTrackerClient(settings: down, client: .shared)
            let unreachable = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "requirements-queue"])
            #expect(unreachable.status == .serviceUnavailable, "\(unreachable.body.string)")
            #expect(unreachable.body.string.contains("cannot be reached") && !unreachable.body.string.contains("secret-token"))

            // On the ticket page: the message, and the form to try again.
            var expert = WebFlowTests.Browser(desk: desk)
            try await expert.signIn(cast.expert.email)
            let page = try await expert.get("/tickets/\(id)").body.string
            #expect(page.contains("Open in the requirements queue") && page.contains("id=\"requirement-stage\""))
            let shown = try await expert.post("/tickets/\(id)/requirement-route", form: [
                "_csrf": WebFlowTests.Browser.csrf(in: page)!, "to": "requirements-queue", "note": "Large change."])
            #expect(shown.status == .serviceUnavailable)
            let body = shown.body.string
            #expect(body.contains("The requirements queue could not take the requirement") && body.contains("try again"))
            #expect(body.contains("action-requirement-route\" open") && body.contains("Large change."), "the form is open again with the note")

            let after = try await desk.request(.GET, "/api/v1/tickets/\(id)/requirement", as: cast.expert).content.decode(RequirementJSON.self)
            #expect(after.route == nil && after.trackerId == nil && after.stage == "estimated")
            #expect(try await desk.events(id, as: cast.expert).count == eventsBefore, "no event, no note")
            #expect(try await desk.ticket(id, as: cast.expert).status == "assigned")
        }
    }

    @Test func theReportListsRequirementsWithEstimateRouteAndStage() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let small = try await Self.requirement(desk, cast, subject: "Small requirement")
            let unassessed = try await Self.requirement(desk, cast, subject: "Unassessed requirement")
            _ = try await desk.fileTicket(as: cast.alice, subject: "An incident")
            #expect(try await Self.estimate(desk, small, 2, as: cast.expert).status == .ok)
            #expect(try await desk.request(.POST, "/api/v1/tickets/\(small)/requirement-routing", as: cast.expert,
                                           json: ["to": "product-team", "unit": "CREAM"]).status == .ok)

            let lines = try await desk.request(.GET, "/api/v1/requirements", as: cast.triage).content.decode([RequirementLineJSON].self)
            #expect(lines.map(\.ticket) == [unassessed, small], "requirements only, newest first")
            #expect(lines[0].stage == "awaiting-estimate" && lines[0].personDays == nil)
            #expect(lines[1].stage == "with-product-team" && lines[1].personDays == 2 && lines[1].route == "product-team" && lines[1].unit == "CREAM")
            let filtered = try await desk.request(.GET, "/api/v1/requirements?stage=with-product-team", as: cast.triage).content.decode([RequirementLineJSON].self)
            #expect(filtered.map(\.ticket) == [small])
            #expect(try await desk.request(.GET, "/api/v1/requirements?stage=lost", as: cast.triage).status == .unprocessableEntity)
            #expect(try await desk.request(.GET, "/api/v1/requirements", as: cast.alice).status == .forbidden)

            var triage = WebFlowTests.Browser(desk: desk)
            try await triage.signIn(cast.triage.email)
            let page = try await triage.get("/requirements").body.string
            #expect(page.contains("id=\"requirement-report\"") && page.contains("Small requirement") && page.contains("With product team"))
        }
    }
}
