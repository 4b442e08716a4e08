import Foundation
import Testing
@testable import SwitchboardCore

/// Response clocks, targets, solution times, sweep flags and escalation: the rules alone.
@Suite struct ServiceLevelRulesTests {
    static let paris = BusinessCalendar.standard(timeZone: TimeZone(identifier: "Europe/Paris")!)
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(arguments: [("5wd", 5, 0), ("4h", 0, 14_400), ("1wd 4h", 1, 14_400), ("90m", 0, 5_400)])
    func targetsReadAndWriteTheSameText(text: String, days: Int, seconds: Int) {
        let target = ServiceLevel.Target(text)
        #expect(target == ServiceLevel.Target(workingDays: days, seconds: seconds))
        #expect(target.flatMap { ServiceLevel.Target($0.description) } == target)
    }

    @Test(arguments: ["", "0h", "5d", "soon", "-1h", "wd"])
    func nonsenseIsNoTarget(text: String) {
        #expect(ServiceLevel.Target(text) == nil)
    }

    @Test func levelNamesAreShortIdentifiers() {
        #expect(ServiceLevel.isValidName("level-3") && ServiceLevel.isValidName("gold24x7"))
        #expect(!ServiceLevel.isValidName("Level 3") && !ServiceLevel.isValidName("-x") && !ServiceLevel.isValidName("x-") && !ServiceLevel.isValidName(""))
    }

    @Test func aClockFixesItsThresholdsInTheUnitsWorkingTime() throws {
        let level3 = try #require(ServiceLevel.preset(named: ServiceLevelName.level3))
        let clock = try #require(ResponseClock.start(
            at: Self.instant("2026-10-02T16:30:00+02:00"), priority: .topPriority, level: level3, calendar: Self.paris))
        #expect(clock.targetSeconds == 4 * 3600)
        #expect(clock.halfwayAt == Self.instant("2026-10-05T10:30:00+02:00"))
        #expect(clock.warningAt == Self.instant("2026-10-05T11:30:00+02:00"))
        #expect(clock.dueAt == Self.instant("2026-10-05T12:30:00+02:00"))
        #expect(clock.colour(at: Self.instant("2026-10-05T10:29:59+02:00")) == .green)
        #expect(clock.colour(at: clock.halfwayAt) == .yellow)
        #expect(clock.colour(at: clock.warningAt) == .amber)
        #expect(clock.colour(at: clock.dueAt) == .red)
        // The colour of a clock agrees with the share of working time, exactly at the edges.
        for instant in [clock.halfwayAt, clock.warningAt, clock.dueAt, clock.dueAt.addingTimeInterval(-1)] {
            let elapsed = Self.paris.workingTime(from: clock.startedAt, to: instant)
            #expect(clock.colour(at: instant) == ResponseColour(elapsed: elapsed, target: clock.targetSeconds))
        }
        #expect(ResponseClock.start(at: Date(), priority: .topPriority, level: ServiceLevel.preset(named: ServiceLevelName.bestEffort)!,
                                    calendar: Self.paris) == nil)
    }

    @Test func solutionTimeLeavesOutPausesOnce() {
        let start = Self.instant("2026-09-21T09:00:00Z")
        let end = start.addingTimeInterval(10_000)
        let pauses = [
            SolutionTime.Pause(start: start.addingTimeInterval(1_000), end: start.addingTimeInterval(3_000)),
            SolutionTime.Pause(start: start.addingTimeInterval(2_000), end: start.addingTimeInterval(4_000)),  // overlaps
            SolutionTime.Pause(start: start.addingTimeInterval(9_000), end: nil),  // still going at the end
            SolutionTime.Pause(start: start.addingTimeInterval(-5_000), end: start.addingTimeInterval(-4_000)),  // before
        ]
        #expect(SolutionTime.seconds(from: start, to: end, excluding: pauses) == 10_000 - 3_000 - 1_000)
        #expect(SolutionTime.seconds(from: start, to: end, excluding: []) == 10_000)
        #expect(SolutionTime.seconds(from: end, to: start, excluding: []) == 0)
    }

    func facts(_ status: TicketStatus = .inProgress, priority: TicketPriority = .lessUrgent, tier: SupportTier = .secondLine,
               responsible: Bool = true, eta: Bool = true, sinceReaction: Int = 0, inStatus: Int = 0, overdue: Bool = false) -> SweepFacts {
        SweepFacts(status: status, priority: priority, tier: tier, hasResponsible: responsible, hasETA: eta,
                   workingSecondsSinceReaction: sinceReaction, workingSecondsInStatus: inStatus, responseOverdue: overdue)
    }

    @Test func sweepFlagsNameWhatNeedsTheUnit() {
        let day = 28_800
        let rules = AutomationRules.standard
        #expect(SweepRules.flags(facts(), rules: rules, workingDayLength: day) == [])
        #expect(SweepRules.flags(facts(sinceReaction: 3 * day - 1), rules: rules, workingDayLength: day) == [])
        #expect(SweepRules.flags(facts(sinceReaction: 3 * day), rules: rules, workingDayLength: day) == [.noReaction])
        // Waiting on the submitter is not the unit's silence, but waiting too long is flagged.
        #expect(SweepRules.flags(facts(.waitingForReply, sinceReaction: 9 * day, inStatus: 9 * day), rules: rules, workingDayLength: day) == [])
        #expect(SweepRules.flags(facts(.onHold, inStatus: 10 * day), rules: rules, workingDayLength: day) == [.waitingTooLong])
        #expect(SweepRules.flags(facts(priority: .topPriority, responsible: false, eta: false, overdue: true), rules: rules, workingDayLength: day)
                == [.responseOverdue, .highPriorityWithoutResponsible, .highPriorityWithoutETA])
        // First line routes: it needs neither; the release unit needs a person but no ETA.
        #expect(SweepRules.flags(facts(priority: .veryUrgent, tier: .firstLine, responsible: false, eta: false), rules: rules, workingDayLength: day) == [])
        #expect(SweepRules.flags(facts(priority: .veryUrgent, tier: .release, responsible: false, eta: false), rules: rules, workingDayLength: day)
                == [.highPriorityWithoutResponsible])
    }

    @Test func theNextSweepIsAWorkingSweepDay() {
        var calendar = Self.paris
        calendar.holidays = [Holiday(LocalDate("2026-12-24")!, name: "Christmas Eve")]
        let days: Set<BusinessCalendar.Weekday> = [.tuesday, .thursday]
        #expect(SweepRules.nextSweep(onOrAfter: LocalDate("2026-12-22")!, sweepDays: days, calendar: calendar) == LocalDate("2026-12-22"))
        #expect(SweepRules.nextSweep(onOrAfter: LocalDate("2026-12-23")!, sweepDays: days, calendar: calendar) == LocalDate("2026-12-29"))
        #expect(SweepRules.nextSweep(onOrAfter: LocalDate("2026-12-23")!, sweepDays: [.saturday], calendar: calendar) == nil, "nobody works on Saturdays")
        #expect(SweepRules.nextSweep(onOrAfter: LocalDate("2026-12-23")!, sweepDays: [], calendar: calendar) == nil)
    }

    @Test func sweepDaysReadAsPeopleWriteThem() {
        #expect(SweepRules.parseDays("tue,thu") == [.tuesday, .thursday])
        #expect(SweepRules.parseDays("Monday, wednes") == [.monday, .wednesday])
        #expect(SweepRules.parseDays("tu") == nil && SweepRules.parseDays("someday") == nil && SweepRules.parseDays("") == nil)
        #expect(SweepRules.formatDays([.thursday, .monday]) == "mon,thu")
        #expect(SweepRules.weekdayNames([.sunday, .tuesday]) == ["Tuesday", "Sunday"])
    }

    @Test func escalationIsTheSubmittersForOverdueTicketsInThreeSteps() {
        let rules = AutomationRules.standard
        let day = 28_800
        func refusal(_ roles: Set<TicketRole> = [.submitter], _ status: TicketStatus = .assigned, step: Int = 0, overdue: Bool = true,
                     since: Int? = nil) -> Escalation.Refusal? {
            Escalation.refusal(Escalation.Facts(roles: roles, status: status, step: step, overdue: overdue, workingSecondsSinceLastStep: since),
                               rules: rules, workingDayLength: day)
        }
        #expect(refusal() == nil)
        #expect(refusal([.owningSupporter])?.isPermission == true)
        #expect(refusal(overdue: false)?.description.contains("not overdue") == true)
        #expect(refusal([.submitter], .waitingForReply)?.description.contains("waiting for your reply") == true)
        #expect(refusal([.submitter], .solved) != nil)
        #expect(refusal(step: 1, since: day - 1) != nil && refusal(step: 1, since: day) == nil)
        #expect(refusal(step: 3, since: 10 * day)?.description.contains("3 times") == true)
        #expect(Escalation.audience(forStep: 1) == [.unit])
        #expect(Escalation.audience(forStep: 2) == [.unit, .firstLine])
        #expect(Escalation.audience(forStep: 3) == [.unit, .firstLine, .monitoring])
    }

    @Test func staleTimersBelongToActiveStatusesOnly() {
        #expect(TicketStatus.allCases.filter(AutomationRules.isActive) == [.new, .assigned, .inProgress, .reopened])
        for status in TicketStatus.allCases {
            #expect(AutomationRules.applies(.staleReminder, to: status) == AutomationRules.isActive(status))
            #expect(AutomationRules.applies(.responseDue, to: status) == status.isOpen)
        }
        #expect(Set(TimerKind.statusTimers).isDisjoint(with: TimerKind.responseTimers))
        #expect(Set(TimerKind.statusTimers).union(TimerKind.responseTimers) == Set(TimerKind.allCases))
    }
}
