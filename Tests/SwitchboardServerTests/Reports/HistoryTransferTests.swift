import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Import and export of ticket histories: export → import into an empty helpdesk → export
/// gives the same file, imported history counts exactly like history made here, refused lines
/// are reported with their numbers and change nothing, and a second import changes nothing.
@Suite struct HistoryTransferTests {
    static func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).jsonl").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func importFile(_ path: String, into desk: TestHelpdesk, dryRun: Bool = false) async throws -> HistoryImport.Summary {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        return try await HistoryImport(helpdesk: desk.helpdesk, dryRun: dryRun, batchSize: 3).run(LineReader(handle: handle))
    }

    static func export(_ desk: TestHelpdesk) async throws -> [String] {
        var lines: [String] = []
        _ = try await HistoryExport(helpdesk: desk.helpdesk, batchSize: 2).run { lines.append($0) }
        return lines
    }

    static func units(_ desk: TestHelpdesk) async throws {
        for (name, tier) in [("TPM", SupportTier.firstLine), ("DMSU", .secondLine), ("dCache", .thirdLine), ("CREAM", .thirdLine),
                             ("UMD Release", .release)] {
            _ = try await desk.unit(name, tier)
        }
    }

    @Test func exportImportExportGivesTheSameFileAndTheSameFigures() async throws {
        var exported: [String] = []
        var figures = ""
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await QuarterlyReportTests().history(desk, cast)
            // A priority change with its justification, a field change, and a responsible person.
            let id = try await desk.fileTicket(as: cast.bob, subject: "Storage full")
            var response = try await desk.request(.POST, "/api/v1/tickets/\(id)/assignment", as: cast.triage,
                                                  json: ["supportUnit": "DMSU", "assignee": cast.expert.id.uuidString])
            #expect(response.status == .ok, "\(response.body.string)")
            response = try await desk.request(.POST, "/api/v1/tickets/\(id)/priority", as: cast.expert,
                                              json: ["priority": "very-urgent", "justification": "Production stopped."])
            #expect(response.status == .ok, "\(response.body.string)")
            response = try await desk.request(.PATCH, "/api/v1/tickets/\(id)", as: cast.bob, json: ["vo": "atlas"])
            #expect(response.status == .ok, "\(response.body.string)")
            exported = try await Self.export(desk)
            figures = try await desk.request(.GET, "/api/v1/reports/quarterly?unit=DMSU&from=2026-09-01&to=2026-12-01&split=month",
                                             as: cast.expert, headers: ["Accept": "text/csv"]).body.string
        }
        #expect(exported.count == 5)
        #expect(exported.contains { $0.contains("\"kind\":\"priority-changed\"") && $0.contains("Production stopped.") })
        #expect(exported.contains { $0.contains("\"kind\":\"assigned-to-person\"") && $0.contains("expert@example.org") })
        let path = try Self.file(exported)
        try await TestHelpdesk.with { desk in
            try await Self.units(desk)
            let dry = try await Self.importFile(path, into: desk, dryRun: true)
            let summary = try await Self.importFile(path, into: desk)
            #expect(summary.refusals.isEmpty, "\(summary.refusals)")
            #expect(summary.imported == 5 && summary.batchesRetriedOneByOne == 0, "every batch is written together")
            #expect(dry.imported == 5 && dry.peopleCreated == summary.peopleCreated && summary.peopleCreated > 0,
                    "a dry run counts each person once, whichever batches name them")
            #expect(try await Self.export(desk) == exported)
            // The projection the import wrote from its own events equals one rebuilt from the stored events.
            let written = try await QuarterlyReportTests.projection(desk)
            _ = try await ReportProjection.rebuild(helpdesk: desk.helpdesk)
            #expect(try await QuarterlyReportTests.projection(desk) == written)
            let admin = try await desk.person("auditor@example.org", name: "Auditor", admin: true)
            let again = try await desk.request(.GET, "/api/v1/reports/quarterly?unit=DMSU&from=2026-09-01&to=2026-12-01&split=month",
                                               as: admin, headers: ["Accept": "text/csv"]).body.string
            #expect(again == figures, "imported history counts like history made here")
            // A second import of the same file changes nothing.
            let second = try await Self.importFile(path, into: desk)
            #expect(second.imported == 0 && second.alreadyThere == 5)
            #expect(try await Self.export(desk) == exported)
            // Imported people cannot sign in.
            let signIn = try await desk.request(.POST, "/api/v1/tokens", json: ["email": "alice@example.edu", "password": "!"])
            #expect(signIn.status == .unauthorized)
        }
    }

    static let good = """
    {"external_id":"GGUS-81234","type":"user","category":"incident","priority":"urgent","subject":"SRM timeouts","description":"srmls hangs",\
    "submitter":{"email":"Jane.Doe@kit.edu","name":"Jane Doe"},"vo":"atlas","site":"FZK-LCG2","component":null,"component_version":null,\
    "created_at":"2012-05-03T09:12:44Z","events":[\
    {"at":"2012-05-03T09:12:44Z","kind":"created","actor":"jane.doe@kit.edu","unit":"TPM","status":"new","priority":"urgent"},\
    {"at":"2012-05-03T10:00:00Z","kind":"assigned-to-unit","actor":"tpm@egi.eu","from_unit":"TPM","to_unit":"DMSU"},\
    {"at":"2012-05-03T10:00:00Z","kind":"status-changed","actor":"tpm@egi.eu","from":"new","to":"assigned"},\
    {"at":"2012-05-04T08:00:00Z","kind":"comment-internal","actor":"dmsu@egi.eu","body":"Looks like the dCache door."},\
    {"at":"2012-05-04T09:00:00Z","kind":"assigned-to-unit","actor":"dmsu@egi.eu","from_unit":"DMSU","to_unit":"dCache"},\
    {"at":"2012-05-10T09:00:00Z","kind":"status-changed","actor":"dev@dcache.org","from":"assigned","to":"solved","note":"Fixed in 2.2.1"}]}
    """

    @Test func refusedLinesAreReportedByNumberAndChangeNothing() async throws {
        let bad: [(String, String)] = [
            ("not json", "not a JSON object"),
            (Self.good.replacingOccurrences(of: "\"to_unit\":\"dCache\"", with: "\"to_unit\":\"Nowhere\""), "no support unit 'Nowhere'"),
            (Self.good.replacingOccurrences(of: "\"from_unit\":\"DMSU\"", with: "\"from_unit\":\"TPM\""), "was with 'DMSU'"),
            (Self.good.replacingOccurrences(of: "\"from\":\"assigned\"", with: "\"from\":\"new\""), "was 'assigned'"),
            (Self.good.replacingOccurrences(of: "2012-05-10T09:00:00Z", with: "2012-05-01T09:00:00Z"), "ordered by 'at'"),
            (Self.good.replacingOccurrences(of: "\"priority\":\"urgent\",\"subject\"", with: "\"priority\":\"top-priority\",\"subject\""),
             "differs from the 'created' event"),
            (Self.good.replacingOccurrences(of: "comment-internal", with: "comment-secret"), "not an event kind"),
            (Self.good.replacingOccurrences(of: "\"actor\":\"tpm@egi.eu\"", with: "\"actor\":\"tpm\""), "neither an e-mail address"),
            (Self.good.replacingOccurrences(of: "2012-05-03T09:12:44Z", with: "3 May 2012"), "not an ISO 8601 instant"),
            (Self.good.replacingOccurrences(of: "\"category\":\"incident\"", with: "\"category\":\"gossip\""), "not one of"),
        ]
        let path = try Self.file(bad.map(\.0) + [Self.good, Self.good])
        try await TestHelpdesk.with { desk in
            try await Self.units(desk)
            let dry = try await Self.importFile(path, into: desk, dryRun: true)
            #expect(dry.imported == 1 && dry.peopleCreated == 4)
            #expect(try await TicketModel.query(on: desk.db).count() == 0, "a dry run writes nothing")
            let summary = try await Self.importFile(path, into: desk)
            #expect(summary.imported == 1)
            #expect(summary.refusals.map(\.line) == Array(1...bad.count) + [bad.count + 2])
            for (refusal, expected) in zip(summary.refusals, bad.map(\.1)) {
                #expect(refusal.reason.contains(expected), "line \(refusal.line): \(refusal.reason)")
            }
            #expect(summary.refusals.last?.reason.contains("is on line \(bad.count + 1) already") == true)
            #expect(try await TicketModel.query(on: desk.db).count() == 1)
            // The imported ticket is as its history leaves it, with no timer planned for it.
            let ticket = try #require(try await TicketModel.query(on: desk.db).with(\.$supportUnit).with(\.$submitter).first())
            #expect(ticket.externalID == "GGUS-81234" && ticket.status == .solved && ticket.supportUnit.name == "dCache")
            #expect(ticket.submitter.email == "jane.doe@kit.edu" && ticket.submitter.displayName == "Jane Doe")
            #expect(ticket.createdAt == ISO8601DateFormatter().date(from: "2012-05-03T09:12:44Z"))
            #expect(try await TimerModel.query(on: desk.db).count() == 0)
            #expect(try await OutboxMessageModel.query(on: desk.db).count() == 0)
            let admin = try await desk.person("auditor@example.org", name: "Auditor", admin: true)
            struct Report: Decodable { struct Total: Decodable { var assigned: Int; var assignedToThirdLine: Int }; var total: Total }
            let response = try await desk.request(.GET, "/api/v1/reports/quarterly?unit=DMSU&from=2012-05-01&to=2012-08-01&split=none", as: admin)
            let report = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body))
            #expect(report.total.assigned == 1 && report.total.assignedToThirdLine == 1)
        }
    }

    /// The database refusing one ticket of a batch (here a trigger, on SQLite) leaves out that
    /// ticket only: the batch is written again one ticket at a time.
    @Test(.enabled(if: TestHelpdesk.postgresURL == nil, "the refusing trigger is SQLite's"))
    func aTicketTheDatabaseRefusesIsLeftOutAlone() async throws {
        let lines = (1...5).map { Self.good.replacingOccurrences(of: "GGUS-81234", with: "GGUS-\($0)") }
        let path = try Self.file(lines)
        try await TestHelpdesk.with { desk in
            try await Self.units(desk)
            try await (desk.db as! any SQLDatabase).raw("""
                CREATE TRIGGER refuse_third BEFORE INSERT ON tickets WHEN NEW.external_id = 'GGUS-3'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """).run()
            let summary = try await Self.importFile(path, into: desk)
            #expect(summary.imported == 4 && summary.batchesRetriedOneByOne == 1)
            #expect(summary.refusals.map(\.line) == [3] && summary.refusals.first?.reason.contains("refused by the test") == true)
            let ids = try await TicketModel.query(on: desk.db).all().compactMap(\.externalID).sorted()
            #expect(ids == ["GGUS-1", "GGUS-2", "GGUS-4", "GGUS-5"])
            #expect(try await TicketEventModel.query(on: desk.db).count() == 4 * 6, "no event of the refused ticket stays")
            #expect(try await CommentModel.query(on: desk.db).count() == 4)
        }
    }
}
