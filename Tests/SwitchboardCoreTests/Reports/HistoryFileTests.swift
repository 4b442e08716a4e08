import Foundation
import Testing
@testable import SwitchboardCore

/// Reading history lines: what is refused and what is taken as it was written.
@Suite struct HistoryFileTests {
    static func line(_ events: String) -> String {
        """
        {"external_id":"X-1","type":"user","category":"incident","priority":"urgent","subject":"S","description":"",\
        "submitter":{"email":"A@Example.org","name":"A"},"vo":null,"site":"OLD-SITE","component":null,"component_version":null,\
        "created_at":"2012-05-03T09:12:44Z","events":[\
        {"at":"2012-05-03T09:12:44Z","kind":"created","actor":"a@example.org","unit":"TPM","status":"new","priority":"urgent"}\(events)]}
        """
    }

    @Test func fieldsUnderOtherNamesPeopleByNameAndEmptyCommentsAreTaken() throws {
        let ticket = try HistoryFile.parse(Self.line("""
            ,{"at":"2012-05-04T00:00:00Z","kind":"field-changed","actor":"a@example.org","field":"site","from":"OLD-SITE","to":"NEW-SITE"}\
            ,{"at":"2012-05-04T00:00:01Z","kind":"field-changed","actor":"a@example.org","field":"colour","from":null,"to":"blue"}\
            ,{"at":"2012-05-04T00:00:02Z","kind":"assigned-to-person","actor":"t@example.org","unit":"TPM","person":"Tomas Triage"}\
            ,{"at":"2012-05-04T00:00:03Z","kind":"assigned-to-person","actor":"t@example.org","unit":"DMSU","person":"E@Example.org"}\
            ,{"at":"2012-05-04T00:00:04Z","kind":"comment-public","actor":"a@example.org","body":""}
            """))
        let outcome = try HistoryFile.outcome(of: ticket)
        #expect(outcome.fields["affectedSite"] == .some("NEW-SITE"))
        #expect(outcome.fields["colour"] == .some("blue"), "kept in the history")
        #expect(outcome.assignee == "Tomas Triage", "made responsible for another unit: not the ticket's person")
        #expect(ticket.events[4].change == .assignedToPerson(unit: "DMSU", person: "e@example.org"))
        #expect(ticket.submitter.email == "a@example.org")
    }

    @Test func aHistoryThatDisagreesWithItselfIsRefusedWithItsPlace() {
        let cases: [(String, String)] = [
            (#",{"at":"2012-05-04T00:00:00Z","kind":"assigned-to-unit","actor":"t@example.org","from_unit":"DMSU","to_unit":"ARC"}"#,
             "events[1].from_unit: the ticket was with 'TPM', not 'DMSU'"),
            (#",{"at":"2012-05-04T00:00:00Z","kind":"status-changed","actor":"t@example.org","from":"assigned","to":"solved"}"#,
             "events[1].from: the ticket was 'new', not 'assigned'"),
            (#",{"at":"2012-05-02T00:00:00Z","kind":"status-changed","actor":"t@example.org","from":"new","to":"solved"}"#,
             "events[1].at: events must be ordered by 'at'"),
            (#",{"at":"2012-05-04T00:00:00Z","kind":"created","actor":"t@example.org","unit":"TPM","status":"new","priority":"urgent"}"#,
             "events[1]: a history has one 'created' event, the first"),
            (#",{"at":"2012-05-04T00:00:00Z","kind":"priority-changed","actor":"t@example.org","from":"top-priority","to":"urgent"}"#,
             "events[1].from: the priority was 'urgent', not 'top-priority'"),
        ]
        for (events, reason) in cases {
            #expect(throws: HistoryFile.Refusal(reason)) { try HistoryFile.parse(Self.line(events)) }
        }
    }

    @Test func writingThenReadingGivesTheSameTicket() throws {
        let ticket = try HistoryFile.parse(Self.line(#",{"at":"2012-05-04T00:00:00.250Z","kind":"comment-internal","actor":"system","body":"x\n\"y\""}"#))
        #expect(try HistoryFile.parse(HistoryFile.line(ticket)) == ticket)
    }
}
