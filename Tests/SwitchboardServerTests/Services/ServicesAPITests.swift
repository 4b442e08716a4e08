import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Services, monitoring results, downtimes and availability through the API.
@Suite struct ServicesAPITests {
    struct Row: Codable, Equatable {
        var month: String
        var availability: Double?
        var reliability: Double?
        var upSeconds: Int64
        var unknownSeconds: Int64
        var scheduledDowntimeSeconds: Int64
        var totalSeconds: Int64
    }

    struct Summary: Codable, Equatable {
        var received: Int
        var added: Int
        var unchanged: Int
        var corrected: Int
    }

    struct Problem: Codable {
        var errors: [String: [String]]?
        var detail: String?
    }

    /// A provider unit with a member, and the Operations Portal with two endpoints.
    static func portal(_ desk: TestHelpdesk, _ cast: TestHelpdesk.Cast) async throws -> (unit: UUID, member: TestHelpdesk.Person) {
        let unit = try await desk.unit("Operations Portal", .thirdLine)
        let member = try await desk.person("portal@example.org", name: "Paul Portal", units: [unit])
        let response = try await desk.request(.POST, "/api/v1/services", as: cast.admin, json: ServiceInput(
            name: "Operations Portal", description: "Dashboard", providerUnit: "Operations Portal", rule: "all", availabilityTarget: 99,
            reliabilityTarget: 99.5, responseTargets: ["less-urgent": "1wd", "urgent": "4h"],
            endpoints: [.init(hostname: "cclcgopsportal.in2p3.fr", serviceType: "egi.Portal"),
                        .init(hostname: "cclcgopsportal02.in2p3.fr", serviceType: "egi.Portal")]))
        #expect(response.status == .created, "\(response.body.string)")
        return (unit, member)
    }

    static func results(_ items: [(String, String, String)]) -> [MonitoringResultInput] {
        items.map { MonitoringResultInput(endpoint: $0.0, status: $0.1, at: $0.2, sourceId: "argo-\($0.0)-\($0.2)") }
    }

    static func rows(_ desk: TestHelpdesk, _ person: TestHelpdesk.Person, _ query: String) async throws -> [Row] {
        let response = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/availability?\(query)", as: person)
        #expect(response.status == .ok, "\(response.body.string)")
        return try response.content.decode([Row].self)
    }

    @Test func administratorsKeepTheCatalogueAndBadInputChangesNothing() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await Self.portal(desk, cast)
            let list = try await desk.request(.GET, "/api/v1/services", as: cast.expert)
            #expect(list.body.string.contains("\"endpoint\":\"cclcgopsportal.in2p3.fr\\/egi.Portal\"") || list.body.string.contains("cclcgopsportal.in2p3.fr/egi.Portal"))
            #expect(try await desk.request(.GET, "/api/v1/services", as: cast.alice).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/services", as: cast.expert, json: ServiceInput(name: "X", providerUnit: "DMSU")).status == .forbidden)

            let bad = try await desk.request(.POST, "/api/v1/services", as: cast.admin, json: ServiceInput(
                name: "GGUS", providerUnit: "Nowhere", rule: "sometimes", availabilityTarget: 101, responseTargets: ["soon": "4h", "urgent": "later"],
                endpoints: [.init(hostname: "bad host", serviceType: "egi.GGUS"), .init(hostname: "cclcgopsportal.in2p3.fr", serviceType: "egi.Portal")]))
            #expect(bad.status == .unprocessableEntity)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(bad.body.readableBytesView))
            #expect(Set((problem.errors ?? [:]).keys).isSuperset(of: ["rule", "availabilityTarget", "responseTargets", "endpoints[0]"]), "\(bad.body.string)")
            // An endpoint belongs to one service.
            let taken = try await desk.request(.POST, "/api/v1/services", as: cast.admin, json: ServiceInput(
                name: "GGUS", providerUnit: "DMSU", endpoints: [.init(hostname: "CCLCGOPSPORTAL.in2p3.fr", serviceType: "egi.Portal")]))
            #expect(taken.status == .unprocessableEntity && taken.body.string.contains("belongs to the service Operations Portal"))
            #expect(try await ServiceModel.query(on: desk.db).count() == 1)

            // An update replaces the endpoints; one with results stays.
            try await desk.request(.POST, "/api/v1/monitoring/results", as: cast.admin,
                                   json: Self.results([("cclcgopsportal02.in2p3.fr/egi.Portal", "OK", "2026-08-01T00:00:00Z")]))
            let update = try await desk.request(.PUT, "/api/v1/services/Operations%20Portal", as: cast.admin, json: ServiceInput(
                name: "Operations Portal", providerUnit: "Operations Portal", endpoints: [.init(hostname: "cclcgopsportal.in2p3.fr", serviceType: "egi.Portal")]))
            #expect(update.status == .unprocessableEntity && update.body.string.contains("has monitoring results"), "\(update.body.string)")
            let kept = try await desk.request(.PUT, "/api/v1/services/Operations%20Portal", as: cast.admin, json: ServiceInput(
                name: "Operations Portal", providerUnit: "Operations Portal", rule: "any-per-group",
                endpoints: [.init(hostname: "cclcgopsportal02.in2p3.fr", serviceType: "egi.Portal"), .init(hostname: "portal.example.org", serviceType: "egi.Portal", group: "backup")]))
            #expect(kept.status == .ok, "\(kept.body.string)")
            #expect(kept.body.string.contains("portal.example.org") && !kept.body.string.contains("\"cclcgopsportal.in2p3.fr\""))
            #expect(kept.body.string.contains("\"group\":\"backup\"") && kept.body.string.contains("\"rule\":\"any-per-group\""))
        }
    }

    /// ARGO's documented day through the API: a result holds until the next one, the month is
    /// the ratio of summed durations, and a month without data has no figure.
    @Test func availabilityPerMonthFromPushedResults() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, member) = try await Self.portal(desk, cast)
            let host = "cclcgopsportal.in2p3.fr/egi.Portal", second = "cclcgopsportal02.in2p3.fr/egi.Portal"
            let batch = Self.results([
                (host, "OK", "2026-04-01T00:00:00Z"), (host, "CRITICAL", "2026-04-01T03:00:00Z"), (host, "UNKNOWN", "2026-04-01T12:00:00Z"),
                (host, "DOWNTIME", "2026-04-01T18:00:00Z"), (host, "OK", "2026-04-01T22:00:00Z"), (second, "OK", "2026-04-01T00:00:00Z"),
            ])
            let first = try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: batch)
            #expect(first.status == .ok, "\(first.body.string)")
            #expect(try first.content.decode(Summary.self) == Summary(received: 6, added: 6, unchanged: 0, corrected: 0))
            // The same batch again changes nothing.
            let again = try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: batch)
            #expect(try again.content.decode(Summary.self) == Summary(received: 6, added: 0, unchanged: 6, corrected: 0))

            let rows = try await Self.rows(desk, cast.expert, "from=2026-03&to=2026-04")
            #expect(rows.map(\.month) == ["2026-03", "2026-04"])
            #expect(rows[0].availability == nil && rows[0].reliability == nil)
            #expect(rows[0].unknownSeconds == 31 * 86_400 && rows[0].totalSeconds == 31 * 86_400)
            let april = rows[1]
            let day: Int64 = 86_400, hour: Int64 = 3600
            #expect(april.totalSeconds == 30 * day)
            #expect(april.upSeconds == 29 * day + 5 * hour)
            #expect(april.unknownSeconds == 6 * hour)
            #expect(april.scheduledDowntimeSeconds == 4 * hour)
            #expect(april.availability == Double(29 * day + 5 * hour) / Double(30 * day - 6 * hour) * 100)
            #expect(april.reliability == Double(29 * day + 5 * hour) / Double(30 * day - 10 * hour) * 100)
            // The raw JSON has the figures as numbers and null where undefined.
            let raw = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/availability?from=2026-03&to=2026-03", as: cast.expert).body.string
            #expect(raw.contains("\"availability\":null") && raw.contains("\"reliability\":null"))

            // The same per UTC day: ARGO's documented day, then whole OK days.
            let days = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/availability/days?month=2026-04", as: cast.expert)
            #expect(days.status == .ok, "\(days.body.string)")
            struct Day: Codable { var day: String; var availability: Double?; var reliability: Double?; var totalSeconds: Int64 }
            let daily = try days.content.decode([Day].self)
            #expect(daily.count == 30 && daily[0].day == "2026-04-01" && daily[29].day == "2026-04-30")
            #expect(String(format: "%.2f %.2f", daily[0].availability!, daily[0].reliability!) == "27.78 35.71")
            #expect(daily[1].availability == 100 && daily.allSatisfy { $0.totalSeconds == 86_400 })

            // A month without results of its own: the last earlier result (OK, 1 April 22:00) holds throughout.
            let may = try await Self.rows(desk, cast.expert, "from=2026-05&to=2026-05")[0]
            #expect(may.unknownSeconds == 0 && may.availability == 100 && may.totalSeconds == 31 * 86_400)

            // A correction at the same instant replaces the status.
            let correction = try await desk.request(.POST, "/api/v1/monitoring/results", as: member,
                                                    json: MonitoringResultInput(endpoint: host, status: "OK", at: "2026-04-01T03:00:00Z", sourceId: "fix-1"))
            #expect(try correction.content.decode(Summary.self) == Summary(received: 1, added: 0, unchanged: 0, corrected: 1))
            #expect(try await Self.rows(desk, cast.expert, "from=2026-04&to=2026-04")[0].upSeconds == 29 * day + 14 * hour)

            // The default range is the last six full months.
            let defaults = try await Self.rows(desk, cast.expert, "")
            #expect(defaults.map(\.month) == ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"])
            for query in ["from=2026-13", "from=2026-05&to=2026-04", "from=2000-01&to=2026-01", "to=26-01"] {
                let refused = try await desk.request(.GET, "/api/v1/services/Operations%20Portal/availability?\(query)", as: cast.expert)
                #expect(refused.status == .unprocessableEntity, "\(query)")
            }
        }
    }

    @Test func aBadBatchIsRefusedWholeWithEveryReason() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, member) = try await Self.portal(desk, cast)
            let host = "cclcgopsportal.in2p3.fr/egi.Portal"
            let response = try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: [
                MonitoringResultInput(endpoint: host, status: "OK", at: "2026-04-01T00:00:00Z"),
                MonitoringResultInput(endpoint: "nowhere.example.org/egi.Portal", status: "OK", at: "2026-04-01T00:00:00Z"),
                MonitoringResultInput(endpoint: host, status: "GREEN", at: "2026-04-01T00:00:00Z"),
                MonitoringResultInput(endpoint: host, status: "OK", at: "yesterday"),
                MonitoringResultInput(endpoint: nil, status: "OK", at: "2026-04-01T00:00:00Z"),
            ])
            #expect(response.status == .unprocessableEntity)
            let errors = try JSONDecoder().decode(Problem.self, from: Data(response.body.readableBytesView)).errors ?? [:]
            #expect(Set(errors.keys) == ["results[1]", "results[2]", "results[3]", "results[4]"], "\(errors)")
            #expect(errors["results[1]"]?.first?.contains("There is no endpoint 'nowhere.example.org/egi.Portal'") == true)
            let sql = desk.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM monitoring_days").first()?.decode(column: "n", as: Int.self) == 0)
            // Only the provider unit's members and administrators send results.
            let foreign = try await desk.request(.POST, "/api/v1/monitoring/results", as: cast.expert,
                                                 json: MonitoringResultInput(endpoint: host, status: "OK", at: "2026-04-01T00:00:00Z"))
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("Only administrators and the members"))
        }
    }

    static func sample(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func importsFromARGOAndGOCDBAreWholeAndIdempotent() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            _ = try await Self.portal(desk, cast)
            let argo = try Self.sample("argo-status.json")
            let imported = try await desk.request(.POST, "/api/v1/monitoring/argo", as: cast.admin, rawBody: argo)
            #expect(imported.status == .ok, "\(imported.body.string)")
            #expect(try imported.content.decode(Summary.self) == Summary(received: 10, added: 10, unchanged: 0, corrected: 0))
            #expect(try await desk.request(.POST, "/api/v1/monitoring/argo", as: cast.admin, rawBody: argo).content.decode(Summary.self).added == 0)
            let broken = try await desk.request(.POST, "/api/v1/monitoring/argo", as: cast.admin, rawBody: argo.replacingOccurrences(of: "WARNING", with: "AMBER"))
            #expect(broken.status == .unprocessableEntity && broken.body.string.contains("AMBER"))
            let unknownHost = try await desk.request(.POST, "/api/v1/monitoring/argo", as: cast.admin,
                                                     rawBody: argo.replacingOccurrences(of: "cclcgopsportal02", with: "elsewhere"))
            #expect(unknownHost.status == .unprocessableEntity && unknownHost.body.string.contains("groups[0].endpoints[1]"))

            let gocdb = try Self.sample("gocdb-downtimes.xml")
            var headers = HTTPHeaders()
            headers.contentType = .xml
            let first = try await desk.request(.POST, "/api/v1/downtimes/gocdb", as: cast.admin, rawBody: gocdb, headers: headers)
            #expect(first.status == .ok, "\(first.body.string)")
            #expect(first.body.string.contains("\"added\":2"))
            let second = try await desk.request(.POST, "/api/v1/downtimes/gocdb", as: cast.admin, rawBody: gocdb, headers: headers)
            #expect(second.body.string.contains("\"unchanged\":2") && second.body.string.contains("\"added\":0"))
            // GOCDB extended the maintenance: the same downtime is updated.
            let extended = gocdb.replacingOccurrences(of: "<END_DATE>1336471200</END_DATE>", with: "<END_DATE>1336474800</END_DATE>")
            let third = try await desk.request(.POST, "/api/v1/downtimes/gocdb", as: cast.admin, rawBody: extended, headers: headers)
            #expect(third.body.string.contains("\"updated\":1"), "\(third.body.string)")
            #expect(try await DowntimeModel.query(on: desk.db).count() == 2)
            // A whole site's feed names endpoints that are not ours: refused, unless only the known ones are asked for.
            let siteFeed = gocdb.replacingOccurrences(of: "</results>", with: """
                <DOWNTIME ID="9" PRIMARY_KEY="900G0" CLASSIFICATION="SCHEDULED"><PRIMARY_KEY>900G0</PRIMARY_KEY><HOSTNAME>ce.example.org</HOSTNAME>
                <SERVICE_TYPE>CREAM-CE</SERVICE_TYPE><SEVERITY>OUTAGE</SEVERITY><START_DATE>1336464000</START_DATE><END_DATE>1336471200</END_DATE></DOWNTIME>
                </results>
                """)
            #expect(try await desk.request(.POST, "/api/v1/downtimes/gocdb", as: cast.admin, rawBody: siteFeed, headers: headers).status == .unprocessableEntity)
            let known = try await desk.request(.POST, "/api/v1/downtimes/gocdb?onlyKnownEndpoints=true", as: cast.admin, rawBody: siteFeed, headers: headers)
            #expect(known.status == .ok && known.body.string.contains("\"skipped\":1") && known.body.string.contains("\"received\":3"), "\(known.body.string)")
            #expect(try await desk.request(.POST, "/api/v1/downtimes/gocdb?onlyKnownEndpoints=maybe", as: cast.admin, rawBody: siteFeed,
                                           headers: headers).status == .unprocessableEntity)

            // Reversed, overlapping, unknown endpoint, malformed: refused whole.
            for (document, reason) in [
                (gocdb.replacingOccurrences(of: "<START_DATE>1337950800</START_DATE>", with: "<START_DATE>1337999999</START_DATE>"), "before it starts"),
                (gocdb.replacingOccurrences(of: "100901G0", with: "100901G1").replacingOccurrences(of: "1337950800", with: "1336465000"), "do not overlap"),
                (gocdb.replacingOccurrences(of: "cclcgopsportal02.in2p3.fr", with: "elsewhere.example.org"), "There is no endpoint"),
                ("<results><DOWNTIME>", "not well-formed"),
            ] {
                let refused = try await desk.request(.POST, "/api/v1/downtimes/gocdb", as: cast.admin, rawBody: document, headers: headers)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(reason), "\(reason): \(refused.body.string)")
            }
            #expect(try await DowntimeModel.query(on: desk.db).count() == 2)
            let listed = try await desk.request(.GET, "/api/v1/downtimes?service=Operations%20Portal", as: cast.expert)
            #expect(listed.body.string.contains("\"sourceId\":\"100728G0\"") && listed.body.string.contains("\"classification\":\"UNSCHEDULED\""))
        }
    }

    /// A scheduled outage replaces the monitored status; an unscheduled one does not.
    @Test func scheduledDowntimesRaiseReliabilityAndUnscheduledOnesChangeNothing() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let (_, member) = try await Self.portal(desk, cast)
            let host = "cclcgopsportal.in2p3.fr/egi.Portal", second = "cclcgopsportal02.in2p3.fr/egi.Portal"
            try await desk.request(.POST, "/api/v1/monitoring/results", as: member, json: Self.results([
                (host, "OK", "2026-05-01T00:00:00Z"), (host, "CRITICAL", "2026-05-10T08:00:00Z"), (host, "OK", "2026-05-10T12:00:00Z"),
                (second, "OK", "2026-05-01T00:00:00Z"),
            ]))
            let before = try await Self.rows(desk, cast.expert, "from=2026-05&to=2026-05")[0]
            #expect(before.availability == before.reliability)
            let unscheduled = try await desk.request(.POST, "/api/v1/downtimes", as: member, json: DowntimeInput(
                classification: "UNSCHEDULED", description: "Power cut", start: "2026-05-10T08:00:00Z", end: "2026-05-10T10:00:00Z", endpoints: [host]))
            #expect(unscheduled.status == .created, "\(unscheduled.body.string)")
            #expect(try await Self.rows(desk, cast.expert, "from=2026-05&to=2026-05")[0] == before)
            let scheduled = try await desk.request(.POST, "/api/v1/downtimes", as: member, json: DowntimeInput(
                classification: "SCHEDULED", description: "Upgrade", start: "2026-05-10T10:00:00Z", end: "2026-05-10T12:00:00Z", endpoints: [host]))
            #expect(scheduled.status == .created)
            let after = try await Self.rows(desk, cast.expert, "from=2026-05&to=2026-05")[0]
            #expect(after.scheduledDowntimeSeconds == 7200)
            #expect(after.availability == before.availability, "the downtime was down time either way")
            #expect(after.reliability! > after.availability!)
            // Overlapping and reversed downtimes are refused.
            let overlap = try await desk.request(.POST, "/api/v1/downtimes", as: member, json: DowntimeInput(
                classification: "SCHEDULED", description: "Again", start: "2026-05-10T11:00:00Z", end: "2026-05-10T13:00:00Z", endpoints: [host]))
            #expect(overlap.status == .unprocessableEntity && overlap.body.string.contains("do not overlap"))
            let reversed = try await desk.request(.POST, "/api/v1/downtimes", as: member, json: DowntimeInput(
                classification: "SCHEDULED", description: "Back", start: "2026-05-12T11:00:00Z", end: "2026-05-12T10:00:00Z", endpoints: [host]))
            #expect(reversed.status == .unprocessableEntity && reversed.body.string.contains("ends before it starts"))
            #expect(try await desk.request(.POST, "/api/v1/downtimes", as: cast.expert, json: DowntimeInput(
                classification: "SCHEDULED", description: "x", start: "2026-06-10T11:00:00Z", end: "2026-06-10T12:00:00Z", endpoints: [host])).status
                == .unprocessableEntity)
            // Removing the scheduled one restores the figures.
            let id = try scheduled.content.decode(DowntimeResponse.self).id
            #expect(try await desk.request(.DELETE, "/api/v1/downtimes/\(id)", as: member).status == .noContent)
            #expect(try await Self.rows(desk, cast.expert, "from=2026-05&to=2026-05")[0] == before)
        }
    }
}
