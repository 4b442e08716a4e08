import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Table 1 and the backlog from history made through the API: each figure is the one the
/// definitions give for this history, the projection kept with each event equals one rebuilt
/// from the events, and a renamed unit keeps its history.
@Suite struct QuarterlyReportTests {
    struct Report: Decodable {
        struct SummaryJSON: Decodable { var count: Int; var mean: Double?; var median: Double? }
        struct Figures: Decodable {
            var label: String
            var assigned: Int
            var solved: Int
            var reassignedToFirstLine: Int
            var assignedToThirdLine: Int
            var shareSolved: Double?
            var timeToSolveDays: SummaryJSON
            var timeToSolveExcludingWaitingDays: SummaryJSON
            var timeToSolveWorkingDays: SummaryJSON?
            var timeToThirdLineMinutes: SummaryJSON
        }
        var unit: String
        var zone: String
        var definitionsVersion: String
        var periods: [Figures]
        var total: Figures
    }

    /// Four tickets for DMSU in September 2026 (the test clock starts on Monday 21 September):
    /// #1 solved after four days (one of them waiting for the submitter), #2 handed to dCache
    /// after 3 days and 53 minutes, #3 sent back to first line, #4 a test ticket.
    func history(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast) async throws -> [Int] {
        let one = try await desk.fileTicket(as: cast.alice, subject: "Solved ticket")
        let two = try await desk.fileTicket(as: cast.alice, subject: "Third-line ticket")
        let three = try await desk.fileTicket(as: cast.alice, subject: "Back to first line")
        let four = try await desk.fileTicket(as: cast.alice, subject: "Test ticket", extra: ["category": "test"])
        desk.time.advance(by: 3600)
        for id in [one, two, three, four] {
            let response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage, json: ["supportUnit": "DMSU"])
            #expect(response.status == .ok, "\(response.body.string)")
        }
        desk.time.advance(by: 86_400)
        var response = try await desk.request(.POST, "/api/v1/tickets/\(one)/status", as: cast.expert,
                                              json: ["status": "waiting-for-reply", "note": "Which version?"])
        #expect(response.status == .ok, "\(response.body.string)")
        response = try await desk.request(.POST, "/api/v1/tickets/\(three)/assignment", as: cast.expert, json: ["supportUnit": "TPM"])
        #expect(response.status == .ok, "\(response.body.string)")
        desk.time.advance(by: 86_400)
        response = try await desk.request(.POST, "/api/v1/tickets/\(one)/comments", as: cast.alice, json: ["body": "1.119"])
        #expect(response.status == .created)
        desk.time.advance(by: 86_400 + 53 * 60)
        response = try await desk.request(.POST, "/api/v1/tickets/\(two)/assignment", as: cast.expert, json: ["supportUnit": "dCache"])
        #expect(response.status == .ok, "\(response.body.string)")
        desk.time.advance(by: 86_400 - 53 * 60)
        response = try await desk.request(.POST, "/api/v1/tickets/\(one)/status", as: cast.expert, json: ["status": "solved", "note": "Done."])
        #expect(response.status == .ok, "\(response.body.string)")
        return [one, two, three, four]
    }

    func report(_ desk: TestHelpdesk, as person: TestHelpdesk.Person, _ query: String) async throws -> Report {
        let response = try await desk.request(.GET, "/api/v1/reports/quarterly?\(query)", as: person)
        #expect(response.status == .ok, "\(response.body.string)")
        return try JSONDecoder().decode(Report.self, from: Data(buffer: response.body))
    }

    @Test func theTableFollowsTheDefinitions() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ids = try await history(desk, cast)
            let report = try await report(desk, as: cast.expert, "unit=DMSU&from=2026-09-01&to=2026-12-01&split=month")
            #expect(report.unit == "DMSU" && report.zone == "UTC" && report.definitionsVersion == QuarterlyReport.definitionsVersion)
            #expect(report.periods.map(\.label) == ["2026-09", "2026-10", "2026-11"])
            let september = report.periods[0]
            #expect(september.assigned == 3, "the test ticket is left out")
            #expect(september.solved == 1)
            #expect(september.reassignedToFirstLine == 1)
            #expect(september.assignedToThirdLine == 1)
            #expect(september.shareSolved.map { abs($0 - 1.0 / 3.0) < 1e-6 } == true)
            // Assigned Monday 01:00+, solved four days later; a day waiting for the submitter.
            #expect(september.timeToSolveDays.count == 1 && september.timeToSolveDays.mean == 4 && september.timeToSolveDays.median == 4)
            #expect(september.timeToSolveExcludingWaitingDays.mean == 3)
            #expect(september.timeToThirdLineMinutes.mean == Double(2 * 1440 + 53 + 1440))
            #expect(september.timeToSolveWorkingDays?.count == 1)
            #expect(report.periods[1].assigned == 0 && report.periods[1].timeToSolveDays.mean == nil)
            #expect(report.total.assigned == 3 && report.total.solved == 1)

            // The tickets behind a figure.
            let response = try await desk.request(
                .GET, "/api/v1/reports/quarterly/tickets?unit=DMSU&from=2026-09-01&to=2026-10-01&row=assigned", as: cast.expert)
            #expect(response.status == .ok, "\(response.body.string)")
            struct List: Decodable { struct Entry: Decodable { var id: Int }; var tickets: [Entry] }
            #expect(try JSONDecoder().decode(List.self, from: Data(buffer: response.body)).tickets.map(\.id) == Array(ids.prefix(3)))

            // CSV, one line per period and the total.
            let csv = try await desk.request(.GET, "/api/v1/reports/quarterly?unit=DMSU&from=2026-09-01&to=2026-12-01&split=month",
                                             as: cast.expert, headers: ["Accept": "text/csv"])
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 5)
            #expect(lines[1].hasPrefix("2026-09,2026-09-01T00:00:00Z,2026-10-01T00:00:00Z,3,1,1,1,"))
            #expect(lines[4].hasPrefix("Total,"))
        }
    }

    @Test func theProjectionKeptWithEachEventEqualsOneRebuiltFromTheEvents() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await history(desk, cast)
            // A ticket only filed: its rows are written from the filing event in hand.
            _ = try await desk.helpdesk.tickets.createTicket(NewTicketInput(subject: "Only filed", description: "x"), by: try await desk.acting(cast.alice))
            let kept = try await Self.projection(desk)
            #expect(!kept.isEmpty)
            let sql = desk.app.db as! any SQLDatabase
            for table in [ReportSchema.unitFacts, ReportSchema.ticketFacts, ReportSchema.handOffs, ReportSchema.openSpans] {
                try await sql.delete(from: table).run()
            }
            let rebuilt = try await ReportProjection.rebuild(helpdesk: desk.helpdesk, batchSize: 2)
            #expect(rebuilt == 5)
            #expect(try await Self.projection(desk) == kept)
        }
    }

    @Test func aRenamedUnitKeepsItsHistory() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await history(desk, cast)
            var response = try await desk.request(.PUT, "/api/v1/support-units/\(cast.dmsu)", as: cast.admin, json: [
                "name": "DMSU Experts", "tier": "second-line", "mailingList": "dmsu@example.org", "serviceLevel": "level-2",
            ])
            #expect(response.status == .ok, "\(response.body.string)")
            _ = try await ReportProjection.rebuild(helpdesk: desk.helpdesk)
            let report = try await report(desk, as: cast.expert, "unit=DMSU%20Experts&from=2026-09-01&to=2026-12-01&split=none")
            #expect(report.total.assigned == 3 && report.total.solved == 1 && report.total.assignedToThirdLine == 1)
            // Another unit may not take the old name: the history names DMSU Experts by it.
            response = try await desk.request(.POST, "/api/v1/support-units", as: cast.admin, json: [
                "name": "DMSU", "tier": "second-line", "mailingList": "other@example.org",
            ])
            #expect(response.status == .unprocessableEntity, "\(response.body.string)")
        }
    }

    @Test func theBacklogCountsOldOpenThirdLineTickets() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ids = try await history(desk, cast)
            struct Backlog: Decodable {
                struct Entry: Decodable { var id: Int; var supportUnit: String }
                var total: Int; var perUnit: [String: Int]; var byAge: [String: Int]; var tickets: [Entry]
            }
            func backlog(_ at: String) async throws -> Backlog {
                let response = try await desk.request(.GET, "/api/v1/reports/third-line-backlog?at=\(at)", as: cast.admin)
                #expect(response.status == .ok, "\(response.body.string)")
                return try JSONDecoder().decode(Backlog.self, from: Data(buffer: response.body))
            }
            // Handed to dCache on 24 September: not yet two months old on 24 November.
            #expect(try await backlog("2026-11-24").total == 0)
            let later = try await backlog("2027-01-01")
            #expect(later.total == 1 && later.perUnit == ["dCache": 1] && later.tickets.map(\.id) == [ids[1]])
            #expect(later.byAge == ["2-3 months": 0, "3-6 months": 1, "6-12 months": 0, "over 12 months": 0])
        }
    }

    @Test func reportsAreForSupportersAndBadQuestionsChangeNothing() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var response = try await desk.request(.GET, "/api/v1/reports/quarterly", as: cast.alice)
            #expect(response.status == .forbidden)
            response = try await desk.request(.GET, "/api/v1/reports/third-line-backlog", as: cast.bob)
            #expect(response.status == .forbidden)
            for query in ["zone=Mars/Olympus", "split=fortnight", "from=2013-01-01&to=2012-01-01", "from=yesterday", "unit=Nobody",
                          "from=1900-01-01&to=2100-01-01"] {
                response = try await desk.request(.GET, "/api/v1/reports/quarterly?\(query)", as: cast.expert)
                #expect(response.status == .unprocessableEntity, "\(query): \(response.body.string)")
            }
            response = try await desk.request(.GET, "/api/v1/reports/quarterly/tickets?row=everything", as: cast.expert)
            #expect(response.status == .unprocessableEntity)
            response = try await desk.request(.GET, "/api/v1/reports/third-line-backlog?olderThanMonths=0", as: cast.expert)
            #expect(response.status == .unprocessableEntity)
            // Without a range: the twelve months to the end of the current one, by quarter.
            let report = try await report(desk, as: cast.expert, "")
            #expect(report.unit == "DMSU" && report.periods.count == 4)
        }
    }

    /// Every row of the projection, sorted, as text.
    static func projection(_ desk: TestHelpdesk) async throws -> [String] {
        let sql = desk.app.db as! any SQLDatabase
        var rows: [String] = []
        for row in try await sql.select().columns("ticket_id", "unit_id", "first_assigned_at", "first_solved_at", "solve_seconds_excluding_waiting",
                                                   "first_reaction_at")
            .from(ReportSchema.unitFacts).all() {
            rows.append("facts \(try row.decode(column: "ticket_id", as: Int.self)) \(try row.decode(column: "unit_id", as: UUID.self)) "
                + "\(try row.decode(column: "first_assigned_at", as: Date.self)) \(String(describing: try row.decode(column: "first_solved_at", as: Date?.self))) "
                + "\(String(describing: try row.decode(column: "solve_seconds_excluding_waiting", as: Int?.self))) "
                + "\(String(describing: try row.decode(column: "first_reaction_at", as: Date?.self)))")
        }
        for row in try await sql.select().columns("ticket_id", "filed_at", "filed_unit_id", "filed_priority", "first_reaction_at", "first_solved_at",
                                                   "solve_seconds_excluding_waiting").from(ReportSchema.ticketFacts).all() {
            rows.append("ticket \(try row.decode(column: "ticket_id", as: Int.self)) \(try row.decode(column: "filed_at", as: Date.self)) "
                + "\(try row.decode(column: "filed_unit_id", as: UUID.self)) \(try row.decode(column: "filed_priority", as: String.self)) "
                + "\(String(describing: try row.decode(column: "first_reaction_at", as: Date?.self))) "
                + "\(String(describing: try row.decode(column: "first_solved_at", as: Date?.self))) "
                + "\(String(describing: try row.decode(column: "solve_seconds_excluding_waiting", as: Int?.self)))")
        }
        for row in try await sql.select().columns("ticket_id", "from_unit_id", "to_unit_id", "first_at").from(ReportSchema.handOffs).all() {
            rows.append("handoff \(try row.decode(column: "ticket_id", as: Int.self)) \(try row.decode(column: "from_unit_id", as: UUID.self)) "
                + "\(try row.decode(column: "to_unit_id", as: UUID.self)) \(try row.decode(column: "first_at", as: Date.self))")
        }
        for row in try await sql.select().columns("ticket_id", "unit_id", "assigned_at", "starts_at", "ends_at").from(ReportSchema.openSpans).all() {
            rows.append("span \(try row.decode(column: "ticket_id", as: Int.self)) \(try row.decode(column: "unit_id", as: UUID.self)) "
                + "\(try row.decode(column: "assigned_at", as: Date.self)) \(try row.decode(column: "starts_at", as: Date.self)) "
                + "\(String(describing: try row.decode(column: "ends_at", as: Date?.self)))")
        }
        return rows.sorted()
    }
}
