import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

/// The requirements queue end to end against a real Request Tracker 5 (`.ci/rt.sh`): spawned
/// with a link back, the link kept, the decision read back by the sync; a retry after a spawn
/// that was not recorded here finds the first one instead of spawning twice.
@Suite(.enabled(if: TestRequestTracker.settings != nil,
                "no Request Tracker: set SWITCHBOARD_TEST_RT_URL and SWITCHBOARD_TEST_RT_TOKEN (.ci/rt.sh starts one)"))
struct RequirementsQueueRoundTripTests {
    /// Each test its own public address: the queue's tickets of earlier runs link elsewhere.
    static func withQueue(_ body: (TestHelpdesk, RequestTrackerSettings) async throws -> Void) async throws {
        let settings = try #require(TestRequestTracker.settings)
        try await TestHelpdesk.with(configure: { configuration in
            configuration.publicURL = "https://helpdesk-\(UUID().uuidString.prefix(8).lowercased()).example.org"
            configuration.requirements.tracker = settings
        }) { desk in try await body(desk, settings) }
    }

    /// What Request Tracker's people do there.
    static func setStatus(_ status: String, of id: String, _ settings: RequestTrackerSettings) async throws {
        var request = HTTPClientRequest(url: "\(settings.baseURL)/REST/2.0/ticket/\(id)")
        request.method = .PUT
        request.headers.add(name: "Authorization", value: "token \(settings.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(.init(string: #"{"Status":"\#(status)"}"#))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(20)).status == .ok)
    }

    static func toQueue(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast, subject: String) async throws -> (Int, RequirementJSON) {
        let id = try await RequirementAssessmentTests.requirement(desk, cast, subject: subject)
        #expect(try await RequirementAssessmentTests.estimate(desk, id, 8, as: cast.expert).status == .ok)
        let routed = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "requirements-queue"])
        #expect(routed.status == .ok, "\(routed.body.string)")
        return (id, try routed.content.decode(RequirementJSON.self))
    }

    @Test func spawnedWithALinkBackAndResolvedThereSolvesOurTicket() async throws {
        try await Self.withQueue { desk, settings in
            let cast = try await desk.cast()
            let (id, requirement) = try await Self.toQueue(desk, cast, subject: "Support GLUE 2.1 in the BDII")
            let trackerID = try #require(requirement.trackerId)
            #expect(requirement.route == "requirements-queue" && requirement.stage == "in-requirements-queue")
            #expect(requirement.trackerUrl == "\(settings.baseURL)/Ticket/Display.html?id=\(trackerID)")
            let link = desk.helpdesk.configuration.publicURL + "/tickets/\(id)"
            let tracker = RequestTrackerClient(settings: settings, client: .shared)
            #expect(try await tracker.find(referringTo: link)?.id == trackerID, "the queue's ticket links back to ours")

            let waiting = try await desk.ticket(id, as: cast.alice)
            #expect(waiting.status == "on-hold")
            let told = try await desk.events(id, as: cast.alice)
            #expect(told.contains { $0.comment?.body.contains("requirements queue as ticket #\(trackerID)") == true && $0.visibility == "public" })
            #expect(told.contains { $0.changes.contains { $0.field == "requirementsQueue" && $0.after?.hasPrefix("#\(trackerID) ") == true } })

            // Routed once: a second time is refused and spawns nothing.
            let again = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "requirements-queue"])
            #expect(again.status == .conflict)

            // Still open there: the sync changes nothing.
            let quiet = try await desk.helpdesk.requirements.sync(tracker: tracker)
            #expect(quiet.checked == 1 && quiet.resolved == 0 && quiet.failures.isEmpty)
            #expect(try await desk.ticket(id, as: cast.alice).status == "on-hold")

            try await Self.setStatus("resolved", of: trackerID, settings)
            let sync = try await desk.request(.POST, "/api/v1/requirements/sync", as: cast.expert)
            #expect(sync.status == .ok, "\(sync.body.string)")
            #expect(sync.body.string.contains("\"resolved\":1"), "\(sync.body.string)")
            let solved = try await desk.ticket(id, as: cast.alice)
            #expect(solved.status == "solved")
            let events = try await desk.events(id, as: cast.alice)
            let solution = try #require(events.last { $0.kind == "status-changed" })
            #expect(solution.rule == "requirements-queue" && solution.visibility == "public")
            #expect(solution.note == "The requirement was implemented: requirements queue ticket #\(trackerID) was resolved (\(requirement.trackerUrl!)).")
            let after = try await desk.request(.GET, "/api/v1/tickets/\(id)/requirement", as: cast.expert).content.decode(RequirementJSON.self)
            #expect(after.stage == "implemented" && after.trackerStatus == "resolved")
            // Decided once: the next sync leaves it alone.
            #expect(try await desk.helpdesk.requirements.sync(tracker: tracker).checked == 0)
        }
    }

    @Test func rejectedThereSolvesOurTicketSayingSo() async throws {
        try await Self.withQueue { desk, settings in
            let cast = try await desk.cast()
            let (id, requirement) = try await Self.toQueue(desk, cast, subject: "Rewrite the WMS in Rust")
            let trackerID = try #require(requirement.trackerId)
            try await Self.setStatus("rejected", of: trackerID, settings)
            let report = try await desk.helpdesk.requirements.sync(tracker: RequestTrackerClient(settings: settings, client: .shared))
            #expect(report.rejected == 1)
            #expect(try await desk.ticket(id, as: cast.alice).status == "solved")
            let note = try #require(try await desk.events(id, as: cast.alice).last { $0.kind == "status-changed" }?.note)
            #expect(note.hasPrefix("The requirement was not accepted: requirements queue ticket #\(trackerID) was rejected"))
            let line = try #require(try await desk.request(.GET, "/api/v1/requirements", as: cast.expert).content.decode([RequirementLineJSON].self).first)
            #expect(line.ticket == id && line.stage == "rejected")
        }
    }

    @Test func aRetryAfterASpawnThatWasNotRecordedFindsTheFirstOne() async throws {
        try await Self.withQueue { desk, settings in
            let cast = try await desk.cast()
            let id = try await RequirementAssessmentTests.requirement(desk, cast, subject: "Accounting for GPUs")
            #expect(try await RequirementAssessmentTests.estimate(desk, id, 30, as: cast.expert).status == .ok)
            // The queue took it, but the answer never arrived here (the connection broke).
            let tracker = RequestTrackerClient(settings: settings, client: .shared)
            let link = desk.helpdesk.configuration.publicURL + "/tickets/\(id)"
            let first = try await tracker.spawn(subject: "Accounting for GPUs", description: "half-done", link: link)
            let routed = try await desk.request(.POST, "/api/v1/tickets/\(id)/requirement-routing", as: cast.expert, json: ["to": "requirements-queue"])
            #expect(routed.status == .ok, "\(routed.body.string)")
            #expect(try routed.content.decode(RequirementJSON.self).trackerId == first.id, "the one spawned before, not a second")
        }
    }
}
