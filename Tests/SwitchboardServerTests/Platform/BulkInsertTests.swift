import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// `BulkInsert` binds values itself on SQLite (not through SQLKit's encoder): what it writes
/// must be stored exactly as Fluent stores it, and read back by the models unchanged.
@Suite struct BulkInsertTests {
    @Test func aTicketWrittenInBulkIsStoredAsFluentStoresIt() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let filed = try await desk.fileTicket(as: cast.alice, subject: "Bulk \"quoted\" / slashed")
            let model = try #require(try await TicketModel.find(filed, on: desk.db))
            model.cc = ["a/b@example.org", "carol@example.org"]
            model.eta = Date(timeIntervalSince1970: 1_700_000_000.25)
            try await model.save(on: desk.db)
            let copyID = filed + 1000
            let values: [BulkValue] = [
                .integer(copyID), .text("COPY-1"), .text(model.subject), .text(model.description),
                .text(model.type.rawValue), .text(model.category.rawValue), .text(model.priority.rawValue), .integer(model.priorityRank),
                .text(model.status.rawValue), BulkValue(model.affectedSite), BulkValue(model.virtualOrganisation), BulkValue(model.component),
                BulkValue(model.componentVersion), BulkValue(model.fixedVersion), BulkValue(model.fixedComponent), BulkValue(model.eta),
                .texts(model.cc), .text(model.notificationMode.rawValue), BulkValue(model.$supportUnit.id), BulkValue(model.$assignee.id),
                BulkValue(model.$submitter.id), BulkValue(model.createdAt), BulkValue(model.updatedAt), BulkValue(model.publicUpdatedAt),
                BulkValue(model.statusSince), BulkValue(model.escalationStep),
            ]
            let columns = ["id", "external_id", "subject", "description", "type", "category", "priority", "priority_rank",
                           "status", "affected_site", "vo", "component", "component_version", "fixed_version", "fixed_component", "eta",
                           "cc", "notification_mode", "support_unit_id", "assignee_id", "submitter_id", "created_at", "updated_at",
                           "public_updated_at", "status_since", "escalation_step"]
            let sql = desk.db as! any SQLDatabase
            try await BulkInsert.run(into: TicketModel.schema, columns: columns, rows: [values], on: sql)

            let copy = try #require(try await TicketModel.find(copyID, on: desk.db))
            #expect(copy.subject == model.subject && copy.cc == model.cc && copy.eta == model.eta)
            #expect(copy.$supportUnit.id == model.$supportUnit.id && copy.$submitter.id == model.$submitter.id && copy.$assignee.id == nil)
            #expect(copy.createdAt == model.createdAt && copy.statusSince == model.statusSince && copy.status == model.status)
            #expect(copy.priorityRank == model.priorityRank && copy.affectedSite == model.affectedSite)

            if DatabaseSetup.isSQLite(desk.db) {
                // Byte for byte the same storage class and value as the row Fluent wrote.
                struct Stored: Decodable, Equatable { var kind: String; var value: String }
                for column in columns where !["id", "external_id"].contains(column) {
                    func stored(_ id: Int) async throws -> Stored? {
                        try await sql.raw("""
                            SELECT typeof(\(ident: column)) AS kind, quote(\(ident: column)) AS value FROM tickets WHERE id = \(bind: id)
                            """).first(decoding: Stored.self)
                    }
                    let original = try await stored(filed), written = try await stored(copyID)
                    #expect(original != nil && original == written, "\(column)")
                }
            }
        }
    }

    @Test func manyRowsAreSplitIntoStatementsUnderTheBindLimit() async throws {
        try await TestHelpdesk.with { desk in
            let sql = desk.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE bulk_probe (n BIGINT, t TEXT, r DOUBLE PRECISION, u UUID, d TIMESTAMPTZ)").run()
            let start = Date(timeIntervalSince1970: 1_340_000_000)
            let rows = (0..<3_001).map { n -> [BulkValue] in
                [.integer(n), n % 7 == 0 ? .null : .text("row \(n) 'quoted'"), .real(Double(n) / 4),
                 .uuid(UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!), .date(start.addingTimeInterval(Double(n)))]
            }
            #expect(rows.count * 5 > BulkInsert.valuesPerStatement, "more values than one statement takes")
            try await BulkInsert.run(into: "bulk_probe", columns: ["n", "t", "r", "u", "d"], rows: rows, on: sql)
            struct Totals: Decodable { var count: Int; var total: Int; var texts: Int }
            let totals = try #require(try await sql.raw("SELECT COUNT(*) AS count, CAST(SUM(n) AS BIGINT) AS total, COUNT(t) AS texts FROM bulk_probe")
                .first(decoding: Totals.self))
            #expect(totals.count == 3_001 && totals.total == 3_000 * 3_001 / 2 && totals.texts == 3_001 - 429)
            struct Row: Decodable { var n: Int; var t: String?; var r: Double; var u: UUID; var d: Date }
            let row = try #require(try await sql.raw("SELECT n, t, r, u, d FROM bulk_probe WHERE n = 2999").first(decoding: Row.self))
            #expect(row.t == "row 2999 'quoted'" && row.r == 749.75)
            #expect(row.u == UUID(uuidString: "00000000-0000-0000-0000-000000002999"))
            #expect(abs(row.d.timeIntervalSince(start.addingTimeInterval(2999))) < 0.001)
            try await BulkInsert.run(into: "bulk_probe", columns: ["n", "t", "r", "u", "d"], rows: [], on: sql)
            struct Count: Decodable { var count: Int }
            #expect(try await sql.raw("SELECT COUNT(*) AS count FROM bulk_probe").first(decoding: Count.self)?.count == 3_001, "no rows, no statement")
        }
    }

    @Test func timeOrderedIdsAreVersion7AndSortByTheirInstant() {
        let start = Date(timeIntervalSince1970: 1_336_036_364.5)
        // Two ids in each second (whole seconds apart: exact in binary floating point).
        let ids = (0..<200).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0 / 2))) }
        #expect(Set(ids).count == 200, "random bits keep ids of the same millisecond apart")
        for id in ids {
            #expect(id.uuidString[id.uuidString.index(id.uuidString.startIndex, offsetBy: 14)] == "7")
            #expect("89AB".contains(id.uuidString[id.uuidString.index(id.uuidString.startIndex, offsetBy: 19)]))
        }
        for (earlier, later) in zip(ids, ids.dropFirst()) where ids.firstIndex(of: later)! % 2 == 0 {
            #expect(earlier.uuidString < later.uuidString, "a later instant sorts later")
        }
        #expect(ids[0].uuidString.hasPrefix("013711F9-10D4-7"), "the first 48 bits are the milliseconds (0x013711F910D4): \(ids[0])")
    }

    @Test func upperCaseTextIsTheUUIDString() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.upperCaseText == id.uuidString)
        }
        #expect(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!.upperCaseText == "00000000-0000-0000-0000-000000000000")
    }
}
