import Foundation
import Testing
@testable import SwitchboardCore

/// ARGO's truth tables, service rules, months, and the packed day.
@Suite struct MonitoringRulesTests {
    /// The egi_ops profile's 21 AND and 21 OR rows, as published.
    static let andTable: [(MonitoringStatus, MonitoringStatus, MonitoringStatus)] = [
        (.ok, .ok, .ok), (.ok, .warning, .warning), (.ok, .unknown, .unknown), (.ok, .missing, .missing), (.ok, .critical, .critical),
        (.ok, .downtime, .downtime), (.warning, .warning, .warning), (.warning, .unknown, .unknown), (.warning, .missing, .missing),
        (.warning, .critical, .critical), (.warning, .downtime, .downtime), (.unknown, .unknown, .unknown), (.unknown, .missing, .missing),
        (.unknown, .critical, .critical), (.unknown, .downtime, .downtime), (.missing, .missing, .missing), (.missing, .critical, .critical),
        (.missing, .downtime, .downtime), (.critical, .critical, .critical), (.critical, .downtime, .critical), (.downtime, .downtime, .downtime),
    ]
    static let orTable: [(MonitoringStatus, MonitoringStatus, MonitoringStatus)] = [
        (.ok, .ok, .ok), (.ok, .warning, .ok), (.ok, .unknown, .ok), (.ok, .missing, .ok), (.ok, .critical, .ok), (.ok, .downtime, .ok),
        (.warning, .warning, .warning), (.warning, .unknown, .warning), (.warning, .missing, .warning), (.warning, .critical, .warning),
        (.warning, .downtime, .warning), (.unknown, .unknown, .unknown), (.unknown, .missing, .unknown), (.unknown, .critical, .critical),
        (.unknown, .downtime, .unknown), (.missing, .missing, .missing), (.missing, .critical, .critical), (.missing, .downtime, .downtime),
        (.critical, .critical, .critical), (.critical, .downtime, .critical), (.downtime, .downtime, .downtime),
    ]

    @Test func truthTablesAreARGOsBothWaysRound() {
        for (a, b, x) in Self.andTable {
            #expect(MonitoringStatus.combine(a, b, .and) == x, "\(a) AND \(b)")
            #expect(MonitoringStatus.combine(b, a, .and) == x, "\(b) AND \(a)")
        }
        for (a, b, x) in Self.orTable {
            #expect(MonitoringStatus.combine(a, b, .or) == x, "\(a) OR \(b)")
            #expect(MonitoringStatus.combine(b, a, .or) == x, "\(b) OR \(a)")
        }
    }

    @Test func statusNamesAndCodes() {
        #expect(MonitoringStatus(name: " warning ") == .warning)
        #expect(MonitoringStatus(name: "BROKEN") == nil)
        for status in MonitoringStatus.allCases { #expect(MonitoringStatus(code: status.code) == status) }
        #expect(MonitoringStatus(code: 6) == nil)
    }

    @Test func anyPerGroupNeedsOneUpEndpointInEveryGroup() {
        let portalA = ServiceTopology.Endpoint(group: "egi.Portal", metricTimelines: [.constant(.critical)], scheduledDowntimes: [])
        let portalB = ServiceTopology.Endpoint(group: "egi.Portal", metricTimelines: [.constant(.ok)], scheduledDowntimes: [])
        let database = ServiceTopology.Endpoint(group: "MySQL", metricTimelines: [.constant(.ok)], scheduledDowntimes: [])
        #expect(ServiceTopology(rule: .anyPerGroup, endpoints: [portalA, portalB, database]).timeline.status(at: 0) == .ok)
        #expect(ServiceTopology(rule: .all, endpoints: [portalA, portalB, database]).timeline.status(at: 0) == .critical)
        let databaseDown = ServiceTopology.Endpoint(group: "MySQL", metricTimelines: [.constant(.critical)], scheduledDowntimes: [])
        #expect(ServiceTopology(rule: .anyPerGroup, endpoints: [portalA, portalB, databaseDown]).timeline.status(at: 0) == .critical)
        #expect(ServiceTopology(rule: .all, endpoints: []).timeline.status(at: 0) == .missing)
    }

    @Test func anEndpointsMetricsCombineWithAndAndItsScheduledDowntimeWins() {
        let endpoint = ServiceTopology.Endpoint(group: "g", metricTimelines: [.constant(.ok), .constant(.warning)], scheduledDowntimes: [100..<200])
        #expect(endpoint.timeline.status(at: 50) == .warning)
        #expect(endpoint.timeline.status(at: 150) == .downtime)
        #expect(endpoint.timeline.status(at: 200) == .warning)
    }

    @Test func yearMonths() {
        #expect(YearMonth("2012-05")?.description == "2012-05")
        for bad in ["2012-5", "2012-13", "2012-00", "12-05", "2012-05-01", "abcd-ef", "", "2012−05", "１２３４-05"] { #expect(YearMonth(bad) == nil, "\(bad)") }
        let may = YearMonth("2012-05")!
        #expect(may.start == 1_335_830_400)
        #expect(may.end == YearMonth("2012-06")!.start)
        #expect(YearMonth("2012-12")!.next == YearMonth("2013-01"))
        #expect(YearMonth("2013-01")!.previous == YearMonth("2012-12"))
        #expect(may.adding(months: 8) == YearMonth("2013-01") && may.adding(months: -5) == YearMonth("2011-12") && may.adding(months: 0) == may)
        #expect(YearMonth("2012-12")!.adding(months: -12) == YearMonth("2011-12"))
        #expect(YearMonth.months(from: may, through: YearMonth("2012-10")!).count == 6)
        #expect(YearMonth.months(from: may, through: YearMonth("2012-04")!).isEmpty)
        #expect(YearMonth(containing: may.start) == may)
        #expect(YearMonth(containing: may.start - 1) == YearMonth("2012-04"))
        for day in stride(from: -1000, to: 30_000, by: 37) {
            let (year, month, dayOfMonth) = CivilDay.date(ofDay: day)
            #expect(CivilDay.day(year: year, month: month, day: dayOfMonth) == day)
        }
    }

    @Test func aPackedDayKeepsItsResultsInOrderAndTellsRepeatsFromCorrections() {
        var day = MonitoringDay(day: 15_000)
        #expect(day.record(.ok, atSecond: 600) == .added)
        #expect(day.record(.critical, atSecond: 300) == .added)
        #expect(day.record(.ok, atSecond: 600) == .unchanged)
        #expect(day.record(.warning, atSecond: 600) == .corrected)
        #expect(day.record(.downtime, atSecond: 86_399) == .added)
        let packed = day.packed
        #expect(packed.count == 12)
        let back = MonitoringDay(day: 15_000, packed: packed)
        #expect(back == day)
        #expect(back?.changes.map(\.status) == [.critical, .warning, .downtime])
        #expect(back?.changes.first?.at == Int64(15_000) * 86_400 + 300)
        #expect(MonitoringDay(day: 1, packed: [1, 2, 3]) == nil)
        #expect(MonitoringDay(day: 1, packed: [7, 0, 0, 0]) == nil)
    }

    @Test func supportResponseMeansLeaveOutPendingTickets() {
        let response = SupportResponse(tickets: [
            .init(priority: .lessUrgent, workingHours: 3, calendarHours: 20), .init(priority: .lessUrgent, workingHours: 3.64, calendarHours: 4),
            .init(priority: .lessUrgent, workingHours: nil, calendarHours: nil), .init(priority: .veryUrgent, workingHours: 0.09, calendarHours: 0.09),
            .init(priority: .urgent, workingHours: nil, calendarHours: nil),
        ])
        #expect(response.byPriority[.lessUrgent]?.pending == 1)
        #expect(abs(response.byPriority[.lessUrgent]!.meanWorkingHours! - 3.32) < 1e-12)
        #expect(response.byPriority[.lessUrgent]?.meanCalendarHours == 12)
        #expect(response.byPriority[.urgent]?.meanWorkingHours == nil)
        #expect(response.compact == "lu:3.32 vu:0.09")
        #expect(response.meets(.lessUrgent, targetHours: 3.33) == true)
        #expect(response.meets(.lessUrgent, targetHours: 3.3) == false)
        #expect(response.meets(.urgent, targetHours: 1) == nil)
        #expect(response.meets(.topPriority, targetHours: 1) == nil)
        #expect(SupportResponse(tickets: []).compact == "–")
    }
}
