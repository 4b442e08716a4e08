import Foundation
import Testing
@testable import SwitchboardCore

/// Availability and reliability as ARGO defines them, on hand-computed days and months.
@Suite struct AvailabilityTests {
    static func at(_ text: String) -> Int64 { Int64(ISOInstant.parse(text)!.timeIntervalSince1970) }
    static func change(_ text: String, _ status: MonitoringStatus) -> StatusTimeline.Change { .init(at: at(text), status: status) }

    /// ARGO's documentation works this day through: 27.78 % availability, 35.71 % reliability.
    @Test func argosDocumentedDay() {
        let timeline = StatusTimeline(results: [
            Self.change("2013-04-01T00:00:00Z", .ok), Self.change("2013-04-01T03:00:00Z", .critical),
            Self.change("2013-04-01T12:00:00Z", .unknown), Self.change("2013-04-01T18:00:00Z", .downtime),
            Self.change("2013-04-01T22:00:00Z", .ok),
        ])
        let day = timeline.durations(from: Self.at("2013-04-01T00:00:00Z"), to: Self.at("2013-04-02T00:00:00Z"))
        #expect(day.upSeconds == 5 * 3600)
        #expect(day.unknownSeconds == 6 * 3600)
        #expect(day.scheduledDowntimeSeconds == 4 * 3600)
        #expect(day.total == 86_400)
        #expect(abs(day.availability! - 5.0 / 18.0 * 100) < 1e-12)
        #expect(abs(day.reliability! - 5.0 / 14.0 * 100) < 1e-12)
        #expect(String(format: "%.2f", day.availability!) == "27.78")
        #expect(String(format: "%.2f", day.reliability!) == "35.71")
    }

    @Test func theSameDayFromAScheduledDowntimeInsteadOfADowntimeResult() {
        let monitored = StatusTimeline(results: [
            Self.change("2013-04-01T00:00:00Z", .ok), Self.change("2013-04-01T03:00:00Z", .critical),
            Self.change("2013-04-01T12:00:00Z", .unknown), Self.change("2013-04-01T18:00:00Z", .critical),
            Self.change("2013-04-01T22:00:00Z", .ok),
        ])
        let scheduled = monitored.withScheduledDowntimes([Self.at("2013-04-01T18:00:00Z")..<Self.at("2013-04-01T22:00:00Z")])
        let day = scheduled.durations(from: Self.at("2013-04-01T00:00:00Z"), to: Self.at("2013-04-02T00:00:00Z"))
        #expect(String(format: "%.2f %.2f", day.availability!, day.reliability!) == "27.78 35.71")
        // Unscheduled: the downtime is not laid over; the CRITICAL counts against both.
        let unscheduled = monitored.durations(from: Self.at("2013-04-01T00:00:00Z"), to: Self.at("2013-04-02T00:00:00Z"))
        #expect(abs(unscheduled.availability! - 5.0 / 18.0 * 100) < 1e-12)
        #expect(abs(unscheduled.reliability! - 5.0 / 18.0 * 100) < 1e-12)
    }

    @Test func beforeTheFirstResultTheStatusIsMissing() {
        let timeline = StatusTimeline(results: [Self.change("2013-04-01T06:00:00Z", .ok)])
        #expect(timeline.status(at: Self.at("2013-04-01T05:59:59Z")) == .missing)
        #expect(timeline.status(at: Self.at("2013-04-01T06:00:00Z")) == .ok)
        let day = timeline.durations(from: Self.at("2013-04-01T00:00:00Z"), to: Self.at("2013-04-02T00:00:00Z"))
        #expect(day.missing == 6 * 3600)
        #expect(day.availability == 100)
    }

    @Test func resultsInAnyOrderAndTheLastOfOneInstantWins() {
        let ordered = StatusTimeline(results: [Self.change("2013-04-01T00:00:00Z", .ok), Self.change("2013-04-01T02:00:00Z", .critical),
                                               Self.change("2013-04-01T04:00:00Z", .ok)])
        let shuffled = StatusTimeline(results: [Self.change("2013-04-01T04:00:00Z", .ok), Self.change("2013-04-01T02:00:00Z", .warning),
                                                Self.change("2013-04-01T00:00:00Z", .ok), Self.change("2013-04-01T02:00:00Z", .critical),
                                                Self.change("2013-04-01T03:00:00Z", .critical)])
        #expect(ordered == shuffled)
        #expect(ordered.changes.count == 3)
    }

    @Test func anUnknownOnlyMonthHasNoFigures() {
        let timeline = StatusTimeline.constant(.unknown)
        let month = MonthlyAvailability.durations(of: timeline, months: [YearMonth("2013-02")!])[0].durations
        #expect(month.total == 28 * 86_400)
        #expect(month.availability == nil)
        #expect(month.reliability == nil)
        #expect(!StatusDurations.meets(month.availability, target: 0))
    }

    @Test func aMonthWithoutAnyDataHasNoFigures() {
        let month = MonthlyAvailability.durations(of: StatusTimeline(results: []), months: [YearMonth("2013-02")!])[0].durations
        #expect(month.missing == 28 * 86_400)
        #expect(month.availability == nil)
    }

    @Test func alwaysOKIsAHundredPercent() {
        let month = MonthlyAvailability.durations(of: .constant(.ok), months: [YearMonth("2024-02")!])[0].durations
        #expect(month.total == 29 * 86_400)
        #expect(month.availability == 100)
        #expect(month.reliability == 100)
    }

    @Test func aScheduledDowntimeOnlyMonthHasAvailabilityZeroAndNoReliability() {
        let month = MonthlyAvailability.durations(of: .constant(.downtime), months: [YearMonth("2013-02")!])[0].durations
        #expect(month.availability == 0)
        #expect(month.reliability == nil)
    }

    /// A month is the ratio of summed durations, not the mean of its daily percentages.
    @Test func aMonthIsTheRatioOfSummedDurations() {
        // 1 April: 12 h OK, 12 h CRITICAL (50 %); 2 April: 23 h UNKNOWN, 1 h OK (100 %); rest OK.
        let timeline = StatusTimeline(results: [
            Self.change("2013-04-01T00:00:00Z", .ok), Self.change("2013-04-01T12:00:00Z", .critical),
            Self.change("2013-04-02T00:00:00Z", .unknown), Self.change("2013-04-02T23:00:00Z", .ok),
        ])
        let month = MonthlyAvailability.durations(of: timeline, months: [YearMonth("2013-04")!])[0].durations
        let up = Double(30 * 86_400 - 12 * 3600 - 23 * 3600)
        #expect(abs(month.availability! - up / Double(30 * 86_400 - 23 * 3600) * 100) < 1e-12)
        let meanOfDays = (50.0 + 100.0 + 28 * 100.0) / 30
        #expect(abs(month.availability! - meanOfDays) > 0.01)
    }

    /// Computation is in UTC: a month has its UTC days whatever the provider's zone does, and a
    /// change at the zone's DST switch lands on the UTC second it happened.
    @Test func monthsAcrossDaylightSavingChangesAreUTCDays() {
        let march = YearMonth("2024-03")!
        #expect(march.end - march.start == 31 * 86_400)
        // Europe/Paris switched at 01:00 UTC on 31 March 2024; CRITICAL from 02:30 to 03:30 Paris
        // summer time is 00:30–01:30 UTC: one hour.
        let timeline = StatusTimeline(results: [
            Self.change("2024-03-01T00:00:00Z", .ok), Self.change("2024-03-31T00:30:00Z", .critical), Self.change("2024-03-31T01:30:00Z", .ok),
        ])
        let month = MonthlyAvailability.durations(of: timeline, months: [march])[0].durations
        #expect(month.critical == 3600)
        #expect(month.total == 31 * 86_400)
        let october = MonthlyAvailability.durations(of: .constant(.ok), months: [YearMonth("2024-10")!])[0].durations
        #expect(october.total == 31 * 86_400)
    }

    @Test func aMonthsDaysAreItsUTCDaysAndSumToIt() {
        let timeline = StatusTimeline(results: [Self.change("2024-02-28T12:00:00Z", .ok), Self.change("2024-02-29T06:00:00Z", .critical)])
        let days = MonthlyAvailability.days(of: timeline, in: YearMonth("2024-02")!)
        #expect(days.count == 29)
        #expect(days.first?.day == YearMonth("2024-02")!.firstDay && days.last?.day == YearMonth("2024-03")!.firstDay - 1)
        #expect(days[26].durations.availability == nil, "27 February: no data yet")
        #expect(days[27].durations.availability == 100 && days[27].durations.missing == 12 * 3600)
        #expect(days[28].durations.availability == 25)
        let month = MonthlyAvailability.durations(of: timeline, months: [YearMonth("2024-02")!])[0].durations
        #expect(days.reduce(StatusDurations()) { $0 + $1.durations } == month)
    }

    @Test func targetsAreMetAtFullPrecision() {
        #expect(StatusDurations.meets(99.0, target: 99))
        #expect(!StatusDurations.meets(98.9999999, target: 99))
        #expect(!StatusDurations.meets(nil, target: 99))
    }

    @Test func overlappingScheduledDowntimesCountOnce() {
        let timeline = StatusTimeline.constant(.ok).withScheduledDowntimes([
            Self.at("2013-04-01T01:00:00Z")..<Self.at("2013-04-01T03:00:00Z"), Self.at("2013-04-01T02:00:00Z")..<Self.at("2013-04-01T04:00:00Z"),
        ])
        let day = timeline.durations(from: Self.at("2013-04-01T00:00:00Z"), to: Self.at("2013-04-02T00:00:00Z"))
        #expect(day.downtime == 3 * 3600)
        #expect(day.ok == 21 * 3600)
    }
}
