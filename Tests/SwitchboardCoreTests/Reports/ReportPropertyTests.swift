import Foundation
import Testing
@testable import SwitchboardCore

/// For random histories: each count row of a year equals the sum of its quarters and of its
/// months, and the weekly sums equal the period's totals (every ticket counts once per row,
/// and periods are disjoint and cover the range). Seeded, so a failure repeats.
@Suite struct ReportPropertyTests {
    typealias Generator = SeededGenerator

    static let units = ["TPM", "DMSU", "ARC", "dCache", "UMD Release", "Other-2nd"]
    static let tiers: [String: SupportTier] = [
        "TPM": .firstLine, "DMSU": .secondLine, "Other-2nd": .secondLine, "ARC": .thirdLine, "dCache": .thirdLine, "UMD Release": .release,
    ]

    static func history(_ id: Int, _ random: inout Generator, start: Date) -> RoutingHistory<String> {
        var instant = start.addingTimeInterval(Double(Int.random(in: 0..<(400 * 86_400), using: &random)))
        var unit = units.randomElement(using: &random)!
        var steps: [RoutingHistory<String>.Step] = [.filed(at: instant, to: unit, status: .new)]
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            // Some steps at the same instant, most hours to weeks apart.
            if Int.random(in: 0..<5, using: &random) > 0 {
                instant = instant.addingTimeInterval(Double(Int.random(in: 1...(20 * 86_400), using: &random)))
            }
            if Bool.random(using: &random) {
                let next = units.randomElement(using: &random)!
                steps.append(.assigned(at: instant, from: unit, to: next))
                unit = next
            } else {
                steps.append(.status(at: instant, to: TicketStatus.allCases.filter { $0 != .new }.randomElement(using: &random)!))
            }
        }
        return RoutingHistory(ticketID: id, steps: steps)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func countsOfAYearAreTheSumsOfItsQuartersMonthsAndWeeks(seed: UInt64) throws {
        var random = Generator(state: seed)
        let zone = ["UTC", "Europe/Paris", "America/Chicago", "Australia/Sydney"][Int(seed) % 4]
        let calendar = ReportCalendar(timeZone: TimeZone(identifier: zone)!)
        let start = try #require(calendar.midnight(of: LocalDate("2012-05-01")!))
        let end = try #require(calendar.midnight(of: LocalDate("2013-05-01")!))
        let histories = (1...400).map { Self.history($0, &random, start: start.addingTimeInterval(-30 * 86_400)) }
        for unit in Self.units {
            let facts = histories.flatMap { $0.unitFacts { Self.tiers[$0] } }.filter { $0.unit == unit }
            let year = QuarterlyReport.figures(of: facts, periods: calendar.periods(from: start, to: end, split: .none))[0]
            for split in [ReportSplit.quarter, .month, .week] {
                let parts = QuarterlyReport.figures(of: facts, periods: calendar.periods(from: start, to: end, split: split))
                #expect(parts.reduce(0) { $0 + $1.assigned } == year.assigned, "seed \(seed) \(unit) \(split)")
                #expect(parts.reduce(0) { $0 + $1.solved } == year.solved, "seed \(seed) \(unit) \(split)")
                #expect(parts.reduce(0) { $0 + $1.reassignedToFirstLine } == year.reassignedToFirstLine, "seed \(seed) \(unit) \(split)")
                #expect(parts.reduce(0) { $0 + $1.assignedToThirdLine } == year.assignedToThirdLine, "seed \(seed) \(unit) \(split)")
                #expect(parts.reduce(0) { $0 + $1.timeToSolveDays.count } == year.timeToSolveDays.count)
                #expect(parts.first?.period.start == start && parts.last?.period.end == end)
                for (earlier, later) in zip(parts, parts.dropFirst()) { #expect(earlier.period.end == later.period.start) }
            }
            // Facts are consistent: a solution never precedes the first assignment; waiting never exceeds the total.
            for fact in facts {
                if let solved = fact.solveSeconds { #expect(solved >= 0 && fact.solveSecondsExcludingWaiting! <= solved) }
                if let third = fact.secondsToThirdLine { #expect(third >= 0) }
            }
        }
        // Open spans of a ticket never overlap and every span's unit was assigned at or before it starts.
        for history in histories {
            let spans = history.openSpans()
            for (earlier, later) in zip(spans, spans.dropFirst()) { #expect(earlier.endsAt! <= later.startsAt) }
            for span in spans { #expect(span.assignedAt <= span.startsAt) }
        }
    }
}
