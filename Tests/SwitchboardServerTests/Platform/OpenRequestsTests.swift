import Foundation
import Testing
import Vapor
@testable import SwitchboardServer

/// The stop waits for the requests under way (`OpenRequestsFinishFirst`).
@Suite struct OpenRequestsTests {
    @Test func theStopWaitsForOpenRequestsAtMostItsLimit() async throws {
        let open = OpenRequests()
        #expect(await open.finish(within: .milliseconds(10)))
        open.started()
        open.started()
        #expect(await !open.finish(within: .milliseconds(20)))
        open.ended()
        let waiting = Task { await open.finish(within: .seconds(5)) }
        try await Task.sleep(for: .milliseconds(20))
        open.ended()
        #expect(await waiting.value)
        #expect(open.current == 0)
    }

    @Test func everyRequestIsCountedWhileItIsAnswered() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await desk.fileTicket(as: cast.alice)
            #expect(try await desk.request(.GET, "/api/v1/tickets/999", as: cast.alice).status == .notFound)
            #expect(try await desk.request(.GET, "/nowhere").status == .notFound)
            #expect(desk.app.openRequests.current == 0)
        }
    }
}
