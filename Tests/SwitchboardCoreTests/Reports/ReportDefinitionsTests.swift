import Foundation
import Testing
@testable import SwitchboardCore

/// The report definitions on hand-built histories: each case is one sentence of the definitions.
@Suite struct ReportDefinitionsTests {
    typealias History = RoutingHistory<String>
    static let tiers: [String: SupportTier] = [
        "TPM": .firstLine, "DMSU": .secondLine, "Other-2nd": .secondLine, "ARC": .thirdLine, "dCache": .thirdLine, "UMD Release": .release,
    ]
    static func tier(_ unit: String) -> SupportTier? { tiers[unit] }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static func days(_ count: Double) -> Double { count }

    func facts(_ steps: [History.Step], id: Int = 1) -> [String: UnitFacts<String>] {
        Dictionary(uniqueKeysWithValues: History(ticketID: id, steps: steps).unitFacts(tier: Self.tier).map { ($0.unit, $0) })
    }

    @Test func aTicketReassignedBackAndForthCountsOnceThroughItsFirstAssignment() {
        let f = facts([
            .filed(at: Self.at("2012-05-02T10:00:00Z"), to: "TPM", status: .new),
            .assigned(at: Self.at("2012-05-03T10:00:00Z"), from: "TPM", to: "DMSU"),
            .assigned(at: Self.at("2012-05-04T10:00:00Z"), from: "DMSU", to: "TPM"),
            .assigned(at: Self.at("2012-08-05T10:00:00Z"), from: "TPM", to: "DMSU"),
            .assigned(at: Self.at("2012-08-06T10:00:00Z"), from: "DMSU", to: "TPM"),
        ])
        #expect(f["DMSU"]?.firstAssignedAt == Self.at("2012-05-03T10:00:00Z"))
        #expect(f["DMSU"]?.firstToFirstLineAt == Self.at("2012-05-04T10:00:00Z"))
        #expect(f["TPM"]?.firstAssignedAt == Self.at("2012-05-02T10:00:00Z"))
        // First line never assigned from itself to first line.
        #expect(f["TPM"]?.firstToFirstLineAt == nil)
        let periods = ReportCalendar.utc.periods(from: Self.at("2012-05-01T00:00:00Z"), to: Self.at("2013-05-01T00:00:00Z"), split: .quarter)
        let figures = QuarterlyReport.figures(of: [f["DMSU"]!], periods: periods)
        #expect(figures.map(\.assigned) == [1, 0, 0, 0])
        #expect(figures.map(\.reassignedToFirstLine) == [1, 0, 0, 0])
    }

    @Test func onlyTheFirstSolutionWhileTheUnitIsResponsibleCounts() {
        let f = facts([
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "DMSU", status: .new),
            .status(at: Self.at("2012-05-02T00:00:00Z"), to: .waitingForReply),
            .status(at: Self.at("2012-05-04T00:00:00Z"), to: .inProgress),
            .status(at: Self.at("2012-05-05T00:00:00Z"), to: .onHold),
            .status(at: Self.at("2012-05-05T12:00:00Z"), to: .inProgress),
            .status(at: Self.at("2012-05-11T00:00:00Z"), to: .solved),
            .status(at: Self.at("2012-05-12T00:00:00Z"), to: .reopened),
            .status(at: Self.at("2012-09-01T00:00:00Z"), to: .solved),
        ])
        let dmsu = f["DMSU"]!
        #expect(dmsu.firstSolvedAt == Self.at("2012-05-11T00:00:00Z"))
        #expect(dmsu.solveSeconds == 10 * 86_400)
        // Two days waiting for the submitter and half a day on hold are left out.
        #expect(dmsu.solveSecondsExcludingWaiting == 10 * 86_400 - 2 * 86_400 - 43_200)
    }

    @Test func unsolvedVerifiedAndClosedAreNotSolutions() {
        let f = facts([
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "DMSU", status: .new),
            .status(at: Self.at("2012-05-02T00:00:00Z"), to: .unsolved),
            .status(at: Self.at("2012-05-03T00:00:00Z"), to: .closed),
            .status(at: Self.at("2012-05-04T00:00:00Z"), to: .reopened),
            .status(at: Self.at("2012-05-05T00:00:00Z"), to: .verified),
        ])
        #expect(f["DMSU"]?.firstSolvedAt == nil)
    }

    @Test func aSolutionCountsForTheUnitResponsibleAtThatMoment() {
        let f = facts([
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "TPM", status: .new),
            .assigned(at: Self.at("2012-05-02T00:00:00Z"), from: "TPM", to: "DMSU"),
            .assigned(at: Self.at("2012-05-03T00:00:00Z"), from: "DMSU", to: "ARC"),
            .status(at: Self.at("2012-05-04T00:00:00Z"), to: .solved),
        ])
        #expect(f["DMSU"]?.firstSolvedAt == nil)
        #expect(f["ARC"]?.firstSolvedAt == Self.at("2012-05-04T00:00:00Z"))
        #expect(f["DMSU"]?.firstToThirdLineAt == Self.at("2012-05-03T00:00:00Z"))
        #expect(f["DMSU"]?.secondsToThirdLine == 86_400)
    }

    @Test func aTicketFiledDirectlyToThirdLineOrRoutedThereByFirstLineDoesNotCountForSecondLine() {
        let direct = facts([.filed(at: Self.at("2012-05-01T00:00:00Z"), to: "ARC", status: .new)])
        #expect(direct["ARC"]?.firstAssignedAt == Self.at("2012-05-01T00:00:00Z"))
        #expect(direct["DMSU"] == nil)
        let viaFirstLine = facts([
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "TPM", status: .new),
            .assigned(at: Self.at("2012-05-02T00:00:00Z"), from: "TPM", to: "dCache"),
        ])
        #expect(viaFirstLine["DMSU"] == nil)
        #expect(viaFirstLine["TPM"]?.firstToThirdLineAt == Self.at("2012-05-02T00:00:00Z"))
    }

    @Test func releaseUnitFirstLineAndOtherSecondLineUnitsAreNotThirdLine() {
        let f = facts([
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "DMSU", status: .new),
            .assigned(at: Self.at("2012-05-02T00:00:00Z"), from: "DMSU", to: "Other-2nd"),
            .assigned(at: Self.at("2012-05-03T00:00:00Z"), from: "Other-2nd", to: "DMSU"),
            .assigned(at: Self.at("2012-05-04T00:00:00Z"), from: "DMSU", to: "UMD Release"),
            .assigned(at: Self.at("2012-05-05T00:00:00Z"), from: "UMD Release", to: "DMSU"),
            .assigned(at: Self.at("2012-05-06T00:00:00Z"), from: "DMSU", to: "dCache"),
        ])
        #expect(f["DMSU"]?.firstToThirdLineAt == Self.at("2012-05-06T00:00:00Z"))
        #expect(f["DMSU"]?.firstToFirstLineAt == nil)
        #expect(f["DMSU"]?.firstAssignedAt == Self.at("2012-05-01T00:00:00Z"))
    }

    @Test func aPeriodBoundaryAtMidnightInAReportingZoneThatIsNotUTC() throws {
        let paris = ReportCalendar(timeZone: TimeZone(identifier: "Europe/Paris")!)
        let start = try #require(paris.midnight(of: LocalDate("2012-05-01")!))
        let end = try #require(paris.midnight(of: LocalDate("2012-08-01")!))
        #expect(start == Self.at("2012-04-30T22:00:00Z"))
        // 23:30 UTC on 30 April is already May in Paris; 22:30 UTC on 31 July is already August.
        let inside = facts([.filed(at: Self.at("2012-04-30T23:30:00Z"), to: "DMSU", status: .new)])["DMSU"]!
        let after = facts([.filed(at: Self.at("2012-07-31T22:30:00Z"), to: "DMSU", status: .new)], id: 2)["DMSU"]!
        let before = facts([.filed(at: Self.at("2012-04-30T21:59:59Z"), to: "DMSU", status: .new)], id: 3)["DMSU"]!
        let figures = QuarterlyReport.figures(of: [inside, after, before], periods: paris.periods(from: start, to: end, split: .month))
        #expect(figures.map(\.period.label) == ["2012-05", "2012-06", "2012-07"])
        #expect(figures.map(\.assigned) == [1, 0, 0])
        let utcFigures = QuarterlyReport.figures(
            of: [inside, after, before],
            periods: ReportCalendar.utc.periods(from: Self.at("2012-05-01T00:00:00Z"), to: Self.at("2012-08-01T00:00:00Z"), split: .month))
        #expect(utcFigures.map(\.assigned) == [0, 0, 1])
    }

    @Test func medianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndAnEmptyPopulationHasNoFigure() {
        #expect(Summary([4, 1, 3, 2]) == Summary(count: 4, mean: 2.5, median: 2.5))
        #expect(Summary([10, 1, 1]) == Summary(count: 3, mean: 4, median: 1))
        #expect(Summary([]) == Summary(count: 0, mean: nil, median: nil))
        let figures = QuarterlyReport.figures(
            of: [UnitFacts<String>](), periods: [ReportPeriod(start: Self.at("2012-05-01T00:00:00Z"), end: Self.at("2012-06-01T00:00:00Z"), label: "")])
        #expect(figures[0].shareSolved == nil)
        #expect(figures[0].timeToSolveDays.mean == nil)
    }

    @Test func timeToSolveInWorkingDaysUsesTheUnitsCalendar() {
        let calendar = BusinessCalendar.standard(timeZone: TimeZone(identifier: "UTC")!)
        let f = facts([
            // Friday 16:00 to Monday 10:00: two working hours.
            .filed(at: Self.at("2012-05-04T16:00:00Z"), to: "DMSU", status: .new),
            .status(at: Self.at("2012-05-07T10:00:00Z"), to: .solved),
        ])["DMSU"]!
        let figures = QuarterlyReport.figures(
            of: [f], periods: [ReportPeriod(start: Self.at("2012-05-01T00:00:00Z"), end: Self.at("2012-06-01T00:00:00Z"), label: "")],
            workingTime: calendar.workingTime(from:to:), workingDayLength: calendar.workingDayLength)
        #expect(figures[0].timeToSolveWorkingDays?.mean == 0.25)
        #expect(figures[0].timeToSolveDays.mean == 2.75)
    }

    @Test func isoWeeksAreLabelledWithTheirISOYearAndClippedToTheRange() {
        let weeks = ReportCalendar.utc.periods(from: Self.at("2012-12-29T00:00:00Z"), to: Self.at("2013-01-16T00:00:00Z"), split: .week)
        #expect(weeks.map(\.label) == ["2012-W52", "2013-W01", "2013-W02", "2013-W03"])
        #expect(weeks.first?.start == Self.at("2012-12-29T00:00:00Z"))
        #expect(weeks[1].start == Self.at("2012-12-31T00:00:00Z"))
        #expect(weeks.last?.end == Self.at("2013-01-16T00:00:00Z"))
    }

    @Test func projectQuartersAreThreeMonthBlocksFromTheStart() {
        let quarters = ReportCalendar.utc.periods(from: Self.at("2012-05-01T00:00:00Z"), to: Self.at("2013-05-01T00:00:00Z"), split: .quarter)
        #expect(quarters.map(\.label) == ["2012-05 – 2012-07", "2012-08 – 2012-10", "2012-11 – 2013-01", "2013-02 – 2013-04"])
        #expect(quarters[1].start == Self.at("2012-08-01T00:00:00Z"))
    }

    @Test func theBacklogCountsOpenThirdLineTicketsByTheAgeOfTheirLatestAssignment() {
        let t = Self.at("2013-06-15T00:00:00Z")
        let histories: [History] = [
            // Assigned to ARC 2.5 months before T: 2-3 months.
            History(ticketID: 1, steps: [.filed(at: Self.at("2013-04-01T00:00:00Z"), to: "ARC", status: .new)]),
            // Exactly two months: not earlier than the cutoff.
            History(ticketID: 2, steps: [.filed(at: Self.at("2013-04-15T00:00:00Z"), to: "ARC", status: .new)]),
            // Back and forth: the latest assignment to dCache is only a month old.
            History(ticketID: 3, steps: [
                .filed(at: Self.at("2012-01-01T00:00:00Z"), to: "dCache", status: .new),
                .assigned(at: Self.at("2013-05-01T00:00:00Z"), from: "dCache", to: "DMSU"),
                .assigned(at: Self.at("2013-05-15T00:00:00Z"), from: "DMSU", to: "dCache"),
            ]),
            // Solved before T: not open.
            History(ticketID: 4, steps: [
                .filed(at: Self.at("2012-01-01T00:00:00Z"), to: "ARC", status: .new),
                .status(at: Self.at("2013-01-01T00:00:00Z"), to: .solved),
            ]),
            // Solved after T: open at T, over 12 months.
            History(ticketID: 5, steps: [
                .filed(at: Self.at("2012-01-01T00:00:00Z"), to: "ARC", status: .new),
                .status(at: Self.at("2013-06-15T00:00:01Z"), to: .solved),
            ]),
            // Solved exactly at T: events at T count, so not open.
            History(ticketID: 6, steps: [
                .filed(at: Self.at("2012-01-01T00:00:00Z"), to: "ARC", status: .new),
                .status(at: Self.at("2013-06-15T00:00:00Z"), to: .solved),
            ]),
            // With second line at T.
            History(ticketID: 7, steps: [.filed(at: Self.at("2012-01-01T00:00:00Z"), to: "DMSU", status: .new)]),
            // Reopened: open again, 7 months.
            History(ticketID: 8, steps: [
                .filed(at: Self.at("2012-11-15T00:00:00Z"), to: "dCache", status: .new),
                .status(at: Self.at("2012-12-01T00:00:00Z"), to: .solved),
                .status(at: Self.at("2013-01-01T00:00:00Z"), to: .reopened),
            ]),
            // Exactly three months: the 3-6 band.
            History(ticketID: 9, steps: [.filed(at: Self.at("2013-03-15T00:00:00Z"), to: "ARC", status: .new)]),
        ]
        let backlog = ThirdLineBacklog(spans: histories.flatMap { $0.openSpans() }, at: t) { Self.tier($0) == .thirdLine }
        #expect(backlog.tickets.map(\.ticketID).sorted() == [1, 5, 8, 9])
        #expect(backlog.perUnit == ["ARC": 3, "dCache": 1])
        #expect(backlog.byAge == [.twoToThree: 1, .threeToSix: 1, .sixToTwelve: 1, .overTwelve: 1])
        let later = ThirdLineBacklog(spans: histories.flatMap { $0.openSpans() }, at: Self.at("2013-07-16T00:00:00Z")) {
            Self.tier($0) == .thirdLine
        }
        #expect(later.tickets.map(\.ticketID).sorted() == [1, 2, 3, 8, 9])
    }

    @Test func sameInstantStepsLeaveNoSpanOfTheirOwn() {
        let spans = History(ticketID: 1, steps: [
            .filed(at: Self.at("2013-01-01T00:00:00Z"), to: "TPM", status: .new),
            .assigned(at: Self.at("2013-01-01T00:00:00Z"), from: "TPM", to: "ARC"),
            .status(at: Self.at("2013-02-01T00:00:00Z"), to: .inProgress),
            .status(at: Self.at("2013-03-01T00:00:00Z"), to: .solved),
        ]).openSpans()
        #expect(spans == [OpenSpan(ticketID: 1, unit: "ARC", assignedAt: Self.at("2013-01-01T00:00:00Z"),
                                   startsAt: Self.at("2013-01-01T00:00:00Z"), endsAt: Self.at("2013-03-01T00:00:00Z"))])
    }

    @Test func aReactionCountsForTheUnitResponsibleWhenItHappens() {
        let f = facts([
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "TPM", status: .new),
            // The triage's assignment is TPM's reaction, not DMSU's.
            .reaction(at: Self.at("2012-05-01T02:00:00Z")),
            .assigned(at: Self.at("2012-05-01T02:00:00Z"), from: "TPM", to: "DMSU"),
            .status(at: Self.at("2012-05-01T02:00:00Z"), to: .assigned),
            .reaction(at: Self.at("2012-05-02T09:00:00Z")),
            .reaction(at: Self.at("2012-05-03T09:00:00Z")),
        ])
        #expect(f["TPM"]?.firstReactionAt == Self.at("2012-05-01T02:00:00Z"))
        #expect(f["DMSU"]?.firstReactionAt == Self.at("2012-05-02T09:00:00Z"))
    }

    @Test func ticketFactsCountTheFirstSolutionByAnyoneFromFilingWithoutWaiting() throws {
        let history = History(ticketID: 7, steps: [
            .filed(at: Self.at("2012-05-01T00:00:00Z"), to: "TPM", status: .new),
            .reaction(at: Self.at("2012-05-01T06:00:00Z")),
            .assigned(at: Self.at("2012-05-01T06:00:00Z"), from: "TPM", to: "DMSU"),
            .status(at: Self.at("2012-05-02T00:00:00Z"), to: .waitingForReply),
            .status(at: Self.at("2012-05-03T00:00:00Z"), to: .inProgress),
            .assigned(at: Self.at("2012-05-04T00:00:00Z"), from: "DMSU", to: "ARC"),
            .status(at: Self.at("2012-05-06T00:00:00Z"), to: .solved),
            .status(at: Self.at("2012-05-07T00:00:00Z"), to: .reopened),
            .status(at: Self.at("2012-05-08T00:00:00Z"), to: .solved),
        ])
        let ticket = try #require(history.ticketFacts())
        #expect(ticket.filedUnit == "TPM" && ticket.filedAt == Self.at("2012-05-01T00:00:00Z"))
        #expect(ticket.firstReactionAt == Self.at("2012-05-01T06:00:00Z"))
        #expect(ticket.firstSolvedAt == Self.at("2012-05-06T00:00:00Z"))
        #expect(ticket.solveSeconds == 5 * 86_400 && ticket.solveSecondsExcludingWaiting == 4 * 86_400)
        #expect(History(ticketID: 8, steps: [.status(at: Self.at("2012-05-01T00:00:00Z"), to: .new)]).ticketFacts() == nil)
    }
}

@Suite struct ResponseComplianceTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    let calendar = BusinessCalendar.standard(timeZone: TimeZone(identifier: "UTC")!)

    @Test func aReactionAtTheDeadlineMeetsItAndOneAfterItMissesIt() {
        // Friday 16:00 plus one working day (8 h) is Monday 16:00.
        let assigned = Self.at("2012-05-04T16:00:00Z")
        #expect(ResponseCompliance.judge(assignedAt: assigned, reactionAt: Self.at("2012-05-07T16:00:00Z"), targetSeconds: 8 * 3600,
                                         calendar: calendar, at: Self.at("2013-01-01T00:00:00Z")) == .met)
        #expect(ResponseCompliance.judge(assignedAt: assigned, reactionAt: Self.at("2012-05-07T16:00:01Z"), targetSeconds: 8 * 3600,
                                         calendar: calendar, at: Self.at("2013-01-01T00:00:00Z")) == .missed)
        #expect(ResponseCompliance.judge(assignedAt: assigned, reactionAt: nil, targetSeconds: 8 * 3600,
                                         calendar: calendar, at: Self.at("2012-05-07T15:00:00Z")) == .pending)
        #expect(ResponseCompliance.judge(assignedAt: assigned, reactionAt: nil, targetSeconds: 8 * 3600,
                                         calendar: calendar, at: Self.at("2012-05-07T16:00:00Z")) == .missed)
    }
}
