import AsyncHTTPClient
import Foundation
import Testing
@testable import SwitchboardServer

/// The Request Tracker the tests may use.
enum TestRequestTracker {
    static let settings: RequestTrackerSettings? = {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["SWITCHBOARD_TEST_RT_URL"], let token = environment["SWITCHBOARD_TEST_RT_TOKEN"],
              !url.isEmpty, !token.isEmpty else { return nil }
        return RequestTrackerSettings(baseURL: url, queue: "Requirements", token: token)
    }()
}

/// The requirements queue client against a real Request Tracker 5 (`.ci/rt.sh start DIR PORT`
/// prints the URL and token for SWITCHBOARD_TEST_RT_URL and SWITCHBOARD_TEST_RT_TOKEN). Without
/// them these tests are skipped, and say so.
@Suite(.enabled(if: TestRequestTracker.settings != nil,
                "no Request Tracker: set SWITCHBOARD_TEST_RT_URL and SWITCHBOARD_TEST_RT_TOKEN (.ci/rt.sh starts one)"))
struct RequestTrackerClientTests {
    static var settings: RequestTrackerSettings? { TestRequestTracker.settings }

    @Test func aSpawnedRequirementIsFoundByItsLinkAndItsStatusIsRead() async throws {
        let settings = try #require(Self.settings)
        let tracker = RequestTrackerClient(settings: settings, client: .shared)
        let link = "https://helpdesk.example.org/tickets/\(Int.random(in: 1...1_000_000_000))?o'clock"
        #expect(try await tracker.find(referringTo: link) == nil, "nothing spawned yet")
        let spawned = try await tracker.spawn(subject: "Support GLUE 2.1 in the BDII", description: "Asked in ticket 5.\nEffort: 8 person-days.", link: link)
        #expect(spawned.url == "\(settings.baseURL)/Ticket/Display.html?id=\(spawned.id)")
        #expect(try await tracker.find(referringTo: link) == spawned, "a retry finds it instead of spawning it again")
        #expect(try await tracker.status(of: spawned.id) == "new")

        // Request Tracker's people resolve it there.
        var request = HTTPClientRequest(url: "\(settings.baseURL)/REST/2.0/ticket/\(spawned.id)")
        request.method = .PUT
        request.headers.add(name: "Authorization", value: "token \(settings.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(.init(string: #"{"Status":"resolved"}"#))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(20)).status == .ok)
        #expect(try await tracker.status(of: spawned.id) == "resolved")
    }

    @Test func failuresSayWhatHappenedWithoutTheToken() async throws {
        let settings = try #require(Self.settings)
        var wrongToken = settings
        wrongToken.token = "1-1-00000000000000000000000000000000"
        do {
            _ = try await RequestTrackerClient(settings: wrongToken, client: .shared).status(of: "1")
            Issue.record("a wrong token was accepted")
        } catch let error as RequirementsTrackerUnavailable {
            #expect(error.description.contains("answered 401") && !error.description.contains(wrongToken.token), "\(error)")
        }
        // Nothing listens on port 9 of the loopback.
        var down = RequestTrackerSettings(baseURL: "http://127.0.0.1:9", queue: "Requirements", token: settings.token)
        down.timeoutSeconds = 2
        do {
            _ = try await RequestTrackerClient(settings: down, client: .shared).spawn(subject: "x", description: "x", link: "x")
            Issue.record("an unreachable tracker spawned something")
        } catch let error as RequirementsTrackerUnavailable {
            #expect(error.description.contains("cannot be reached") && !error.description.contains(settings.token), "\(error)")
        }
        do {
            _ = try await RequestTrackerClient(settings: settings, client: .shared).status(of: "1 OR 1=1")
            Issue.record("a malformed id was sent")
        } catch let error as RequirementsTrackerUnavailable {
            #expect(error.description.contains("is not a ticket id"))
        }
    }
}
