import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard benchmark-availability --endpoints N`: the availability benchmark (issue 14).
/// Creates N endpoints (services of five endpoints each, provided by GGUS), stores a year of
/// results every five minutes for each (105,120 an endpoint), then times a six-month OLA
/// report page of one service (the operations and the HTML) and the monthly availability of
/// every endpoint; prints the import rate and the database size. Into an empty database; not
/// for production databases.
struct BenchmarkAvailabilityCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "endpoints", help: "Endpoints to create (default 500).") var endpoints: Int?
        @Option(name: "days", help: "Days of results (default 365).") var days: Int?
        @Flag(name: "skip-import", help: "Only time the queries (the database holds the results already).") var skipImport: Bool
        init() {}
    }

    var help: String { "Stores a year of 5-minute results for many endpoints and times the availability figures (not for production databases)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let helpdesk = app.helpdesk
        let console = context.console
        let count = signature.endpoints ?? 500
        let days = Int64(signature.days ?? 365)
        let now = helpdesk.clock.now()
        let end = Int64(now.timeIntervalSince1970).floorDivided(by: 300) * 300
        let start = end - days * 86_400
        let administrator = Acting.system.asAdministrator

        if !signature.skipImport {
            if try await SupportUnitModel.query(on: helpdesk.database).filter(\.$name == "GGUS").first() == nil {
                _ = try await helpdesk.units.createSupportUnit(NewSupportUnitInput(
                    name: "GGUS", tier: SupportTier.thirdLine.rawValue, mailingList: "ggus@example.org", serviceLevel: ServiceLevelName.level3,
                    timeZone: "Europe/Berlin"), by: administrator)
            }
            let services = (count + 4) / 5
            for number in 0..<services {
                let endpoints = (0..<min(5, count - number * 5)).map { ServiceInput.Endpoint(hostname: "host\(number * 5 + $0).site\(number).example.org",
                                                                                              serviceType: "egi.Bench") }
                _ = try await helpdesk.services.create(ServiceInput(name: String(format: "Service %03d", number), providerUnit: "GGUS",
                                                                    endpoints: endpoints), by: administrator)
            }
            let ids = try await ServiceEndpointModel.query(on: helpdesk.database).sort(\.$id).all().compactMap(\.id)
            var random = SeededGenerator(state: 14)
            var stored = 0
            let clock = ContinuousClock.now
            var storing = Duration.zero
            for (index, id) in ids.enumerated() {
                let results = DemoServices.generate(from: start, to: end, every: 300, down: [], random: &random)
                    .map { MonitoringOperations.CheckedResult(endpointID: id, metric: "", at: $0.at, status: $0.status) }
                let storeClock = ContinuousClock.now
                _ = try await helpdesk.change(by: administrator) { context in try await MonitoringOperations.store(results, on: context.database) }
                storing += ContinuousClock.now - storeClock
                stored += results.count
                if (index + 1) % 50 == 0 { console.say("  \(index + 1) endpoints, \(stored) results") }
            }
            let elapsed = BenchmarkReportsCommand.elapsed(since: clock)
            let storeSeconds = Double(storing.components.seconds) + Double(storing.components.attoseconds) / 1e18
            console.say(String(format: "Stored %d results for %d endpoints in %.1f s (%.0f results/s; %.0f results/s in the store alone).",
                               stored, ids.count, elapsed, Double(stored) / elapsed, Double(stored) / storeSeconds))
        }
        console.say("Database: \(try await Self.size(helpdesk.database)).")

        let reader = administrator.principal
        let lastMonth = YearMonth(containing: end).previous
        let range = MonthRange(first: lastMonth.adding(months: -5), last: lastMonth)
        guard let service = try await ServiceModel.query(on: helpdesk.database).sort(\.$name).first() else { return }
        let context = PageContext(viewer: .init(displayName: "Benchmark", isSupporter: true, isAdmin: true), csrfToken: "x", now: now)
        try await Self.time(console, "six-month OLA report page of one service (\(service.name), 5 endpoints)", runs: 5) {
            let report = try await helpdesk.olaReports.report(service: try service.requireID().uuidString, range: range, for: reader)
            let html = OLAReportPage.render(OLAReportPage.Model(report: report), context: context)
            return "\(html.count / 1024) KB of HTML, availability \(OLAReportDocument.percent(report.figures.months.last?.durations.availability))"
        }
        try await Self.time(console, "monthly availability and reliability of every endpoint (\(lastMonth))", runs: 3) {
            let rows = try await helpdesk.availability.endpoints(in: lastMonth, for: reader)
            let defined = rows.compactMap(\.durations.availability)
            return "\(rows.count) endpoints, mean availability \(OLAReportDocument.percent(defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)))"
        }
    }

    static func time(_ console: any Console, _ label: String, runs: Int, _ body: () async throws -> String) async throws {
        var times: [Double] = []
        var note = ""
        for _ in 0..<runs {
            let clock = ContinuousClock.now
            note = try await body()
            times.append(BenchmarkReportsCommand.elapsed(since: clock))
        }
        console.say(String(format: "%@: median %.3f s (runs %@); %@", label, times.sorted()[runs / 2],
                           times.map { String(format: "%.3f", $0) }.joined(separator: ", "), note))
    }

    /// The monitoring table and the whole database, as the database counts them.
    static func size(_ database: any Database) async throws -> String {
        let sql = database as! any SQLDatabase
        if DatabaseSetup.isSQLite(database) {
            let pages = try await sql.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self) ?? 0
            let pageSize = try await sql.raw("PRAGMA page_size").first()?.decode(column: "page_size", as: Int.self) ?? 0
            let rows = try await sql.raw("SELECT COUNT(*) AS n, SUM(LENGTH(results)) AS bytes FROM monitoring_days").first()
            return String(format: "%.1f MB in all; %d day rows holding %.1f MB of packed results", Double(pages * pageSize) / 1_048_576,
                          try rows?.decode(column: "n", as: Int.self) ?? 0, Double(try rows?.decode(column: "bytes", as: Int?.self) ?? 0) / 1_048_576)
        }
        let total = try await sql.raw("SELECT pg_database_size(current_database()) AS total, pg_total_relation_size('monitoring_days') AS days").first()
        return String(format: "%.1f MB in all; monitoring_days %.1f MB", Double(try total?.decode(column: "total", as: Int.self) ?? 0) / 1_048_576,
                      Double(try total?.decode(column: "days", as: Int.self) ?? 0) / 1_048_576)
    }
}
