import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard benchmark-reports --tickets N`: the reports benchmark (issue 13). Writes N
/// tickets of seed-shaped history over ten years (about ten events each) to a JSON Lines file,
/// imports it, then times the quarterly report of DMSU for the last full year, the monthly and
/// weekly series, the report builder grouped by unit and month, the compliance table and the
/// backlog; each query three times, the median printed. Into an empty database (the demo's
/// units are created); not for production databases.
struct BenchmarkReportsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "tickets", help: "Tickets to generate and import (default 1000000).") var tickets: Int?
        @Option(name: "file", help: "Where to write the history (default a temporary file, removed after).") var file: String?
        @Flag(name: "skip-import", help: "Only time the queries (the database holds the history already).") var skipImport: Bool
        init() {}
    }

    var help: String { "Imports generated history and times the reports (not for production databases)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let helpdesk = app.helpdesk
        let count = signature.tickets ?? 1_000_000
        let now = helpdesk.clock.now()
        let start = ReportCalendar.utc.adding(months: -120, to: now)
        let console = context.console

        if !signature.skipImport {
            if try await SupportUnitModel.query(on: helpdesk.database).count() == 0 {
                for unit in DemoCatalogue.units {
                    _ = try await helpdesk.units.createSupportUnit(NewSupportUnitInput(
                        name: unit.name, tier: unit.tier.rawValue, parent: unit.parent, mailingList: unit.mailingList,
                        serviceLevel: unit.serviceLevel, timeZone: unit.timeZone), by: Acting.system.asAdministrator)
                }
            }
            let path = signature.file ?? FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString).jsonl").path
            defer { if signature.file == nil { try? FileManager.default.removeItem(atPath: path) } }
            var clock = ContinuousClock.now
            guard FileManager.default.createFile(atPath: path, contents: nil), let output = FileHandle(forWritingAtPath: path) else {
                throw SwitchboardConfiguration.Invalid(description: "Cannot write \(path).")
            }
            var buffer = Data()
            var events = 0
            try DemoHistory.generate(count: count, from: start, to: ReportCalendar.utc.adding(months: -1, to: now), now: now, seed: 13) { ticket in
                events += ticket.events.count
                buffer.append(contentsOf: HistoryFile.line(ticket).utf8)
                buffer.append(0x0A)
                if buffer.count > 1 << 22 {
                    try output.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try output.write(contentsOf: buffer)
            try output.close()
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            console.say("Generated \(count) tickets with \(events) events (\(size / 1_048_576) MB) in \(Self.seconds(since: clock)) s.")

            clock = ContinuousClock.now
            guard let input = FileHandle(forReadingAtPath: path) else { throw SwitchboardConfiguration.Invalid(description: "Cannot read \(path).") }
            let meter = ProgressMeter(total: size, label: "imported")
            let summary = try await HistoryImport(helpdesk: helpdesk).run(LineReader(handle: input)) { summary, bytes in
                meter.show(done: bytes, count: summary.imported + summary.alreadyThere)
            }
            meter.finish()
            let elapsed = Self.elapsed(since: clock)
            console.say(String(format: "Imported %d tickets with %d events in %.1f s: %.0f tickets/s, %.0f events/s; %d refused.",
                               summary.imported, summary.events, elapsed, Double(summary.imported) / elapsed, Double(summary.events) / elapsed,
                               summary.refusals.count))
        }

        let reader = Acting.system.asAdministrator.principal
        let reports = helpdesk.reports
        let thisMonth = ReportCalendar.utc.localDate(of: now)
        let yearEnd = ReportCalendar.utc.midnight(of: LocalDate(year: thisMonth.year, month: 1, day: 1))!
        let yearStart = ReportCalendar.utc.adding(months: -12, to: yearEnd)
        let dmsu = try await reports.reportUnit("DMSU")
        func range(_ split: ReportSplit) -> ReportRange {
            ReportRange(from: yearStart, to: yearEnd, calendar: .utc, split: split, zone: "UTC")
        }
        func time(_ label: String, _ body: () async throws -> String) async throws {
            var times: [Double] = []
            var note = ""
            for _ in 0..<3 {
                let clock = ContinuousClock.now
                note = try await body()
                times.append(Self.elapsed(since: clock))
            }
            console.say(String(format: "%@: median %.3f s (runs %@); %@", label, times.sorted()[1],
                               times.map { String(format: "%.3f", $0) }.joined(separator: ", "), note))
        }
        try await time("quarterly report, DMSU, one year by quarter") {
            let table = try await reports.quarterly(unit: dmsu, range: range(.quarter), for: reader)
            return "assigned \(table.total.assigned), solved \(table.total.solved), to third line \(table.total.assignedToThirdLine)"
        }
        try await time("monthly series (Figure 1)") {
            "\(try await reports.quarterly(unit: dmsu, range: range(.month), for: reader).periods.count) months"
        }
        try await time("weekly series (Figure 2)") {
            "\(try await reports.quarterly(unit: dmsu, range: range(.week), for: reader).periods.count) weeks"
        }
        try await time("report builder, one year grouped by unit and month") {
            let question = BuilderQuestion(range: range(.none), units: nil, tiers: nil, statuses: nil, priorities: nil, types: nil, categories: nil,
                                           vos: nil, sites: nil, components: nil, groupBy: [.unit, .month], priorityAt: .filing)
            let answer = try await reports.build(question, for: reader)
            return "\(answer.rows.count) groups, \(answer.total.submitted) tickets"
        }
        try await time("compliance of the product teams, one year") {
            "\(try await reports.slaCompliance(range: range(.none), priorityAt: .filing, for: reader).teams.reduce(0) { $0 + $1.tickets }) tickets"
        }
        try await time("third-line backlog now") {
            "\(try await reports.thirdLineBacklog(at: now, olderThanMonths: 2, calendar: .utc, for: reader).backlog.total) tickets"
        }
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func seconds(since start: ContinuousClock.Instant) -> String { String(format: "%.1f", elapsed(since: start)) }
}
