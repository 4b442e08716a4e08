import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The API answers a filing from what the change wrote instead of reading the ticket back
/// (issue 16): the answer must be exactly what a `GET` of the ticket shows the same person at
/// the same instant, for every kind of filing.
@Suite struct FilingAnswerTests {
    /// Files `input` as `person`, then reads the ticket back, and expects the two bodies to hold
    /// the same JSON (the encoder's key order is not fixed).
    private func expectFilingAnswersAsRead(_ desk: TestHelpdesk, as person: TestHelpdesk.Person, _ input: NewTicketInput) async throws {
        let filed = try await desk.request(.POST, "/api/v1/tickets", as: person, json: input)
        #expect(filed.status == .created, "\(filed.body.string)")
        let id = try filed.content.decode(TicketJSON.self).id
        #expect(filed.headers.first(name: .location) == "/api/v1/tickets/\(id)")
        let read = try await desk.request(.GET, "/api/v1/tickets/\(id)", as: person)
        #expect(read.status == .ok)
        let answered = try JSONSerialization.jsonObject(with: Data(filed.body.readableBytesView)) as? NSDictionary
        let shown = try JSONSerialization.jsonObject(with: Data(read.body.readableBytesView)) as? NSDictionary
        #expect(answered != nil && answered == shown, "POST \(filed.body.string)\nGET  \(read.body.string)")
    }

    @Test func aFilingAnswersWithTheTicketAsItsSubmitterReadsIt() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            // An instant with a fraction of a second that a stored date must keep.
            desk.time.advance(by: 0.123_456_789)
            try await expectFilingAnswersAsRead(desk, as: cast.alice, NewTicketInput(
                subject: "Jobs fail on CREAM CE", description: "glite-ce-job-submit fails with an authorization error."))
            desk.time.advance(by: 61.000_321)
            try await expectFilingAnswersAsRead(desk, as: cast.alice, NewTicketInput(
                subject: "  Storage is down  ", description: String(repeating: "SRM timeouts everywhere. ", count: 40), priority: "top-priority",
                category: "service-request", affectedSite: "INFN-T1", vo: "atlas", component: "dCache", componentVersion: "9.2.1",
                cc: ["Bob@Example.net", "carol@example.org"], notificationMode: "on-solution"))
        }
    }

    @Test func aSupporterFilingIntoAUnitIsAnsweredAsTheyReadIt() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            desk.time.advance(by: 3_600.987_654)
            // Into a unit by name, with internal readers' view (attention list of a very urgent ticket).
            try await expectFilingAnswersAsRead(desk, as: cast.triage, NewTicketInput(
                subject: "Pool nodes fail", description: "Three pools are offline.", priority: "very-urgent", supportUnit: "DMSU"))
            // A unit without service level targets: no response clock.
            let quiet = try await desk.unit("Quiet", .secondLine, level: ServiceLevelName.bestEffort)
            try await expectFilingAnswersAsRead(desk, as: cast.expert, NewTicketInput(
                subject: "Nice to have", description: "A wish.", priority: "less-urgent", category: "requirement", supportUnit: quiet.uuidString))
        }
    }
}
