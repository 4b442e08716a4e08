import Foundation
import Testing
@testable import SwitchboardCore

/// What must hold on random timelines (availability ≥ reliability is never assumed).
@Suite struct AvailabilityPropertyTests {
    static let dayStart: Int64 = 1_364_774_400 // 2013-04-01

    static func randomTimeline(_ generator: inout SeededGenerator, statuses: [MonitoringStatus]) -> StatusTimeline {
        var results: [StatusTimeline.Change] = []
        var instant = dayStart - 3600
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            instant += Int64.random(in: 60...20_000, using: &generator)
            results.append(.init(at: instant, status: statuses.randomElement(using: &generator)!))
        }
        return StatusTimeline(results: results)
    }

    static func randomDowntimes(_ generator: inout SeededGenerator) -> [Range<Int64>] {
        (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            let start = dayStart + Int64.random(in: 0...500_000, using: &generator)
            return start..<(start + Int64.random(in: 1...40_000, using: &generator))
        }
    }

    @Test func reliabilityIsAtLeastAvailabilityWhenTheOnlyDowntimeIsScheduled() {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<300 {
            let monitored = Self.randomTimeline(&generator, statuses: [.ok, .warning, .critical, .unknown, .missing])
            let timeline = monitored.withScheduledDowntimes(Self.randomDowntimes(&generator))
            let durations = timeline.durations(from: Self.dayStart, to: Self.dayStart + 7 * 86_400)
            if let availability = durations.availability, let reliability = durations.reliability {
                #expect(reliability >= availability - 1e-9)
            }
            if durations.reliability != nil { #expect(durations.availability != nil) }
        }
    }

    @Test func durationsAddUpAndDaysSumToTheWeek() {
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<200 {
            let timeline = Self.randomTimeline(&generator, statuses: MonitoringStatus.allCases)
            let week = timeline.durations(from: Self.dayStart, to: Self.dayStart + 7 * 86_400)
            #expect(week.total == 7 * 86_400)
            let days = (0..<7).map { timeline.durations(from: Self.dayStart + Int64($0) * 86_400, to: Self.dayStart + Int64($0 + 1) * 86_400) }
            #expect(days.reduce(StatusDurations(), +) == week)
            if let availability = week.availability { #expect((0...100).contains(availability)) }
            if let reliability = week.reliability { #expect((0...100).contains(reliability)) }
        }
    }

    @Test func combiningFollowsTheTruthTableAtEveryInstant() {
        var generator = SeededGenerator(seed: 16)
        for _ in 0..<100 {
            let timelines = (0..<Int.random(in: 2...4, using: &generator)).map { _ in Self.randomTimeline(&generator, statuses: MonitoringStatus.allCases) }
            for operation in MonitoringStatus.Operation.allCases {
                let combined = StatusTimeline.combine(timelines, operation)
                for _ in 0..<30 {
                    let instant = Self.dayStart + Int64.random(in: -7200...400_000, using: &generator)
                    let expected = timelines.dropFirst().reduce(timelines[0].status(at: instant)) {
                        MonitoringStatus.combine($0, $1.status(at: instant), operation)
                    }
                    #expect(combined.status(at: instant) == expected)
                }
            }
        }
    }

    @Test func alwaysUpEndpointsGiveAHundredPercentWhateverTheRule() {
        for rule in ServiceRule.allCases {
            let topology = ServiceTopology(rule: rule, endpoints: [
                .init(group: "a", metricTimelines: [.constant(.ok)], scheduledDowntimes: []),
                .init(group: "b", metricTimelines: [.constant(.warning), .constant(.ok)], scheduledDowntimes: []),
            ])
            let durations = topology.timeline.durations(from: Self.dayStart, to: Self.dayStart + 86_400)
            #expect(durations.availability == 100)
            #expect(durations.reliability == 100)
        }
    }
}
