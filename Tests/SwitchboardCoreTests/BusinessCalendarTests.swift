import Foundation
import Testing
@testable import SwitchboardCore

/// Known cases of working-time arithmetic, across weekends, holidays and DST changes.
@Suite struct BusinessCalendarTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let chicago = TimeZone(identifier: "America/Chicago")!

    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        if text.contains(".") { formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        return formatter.date(from: text)!
    }

    static let hour = 3600

    @Test func friday1630ParisPlusFourWorkingHoursIsMonday1230() {
        let calendar = BusinessCalendar.standard(timeZone: Self.paris)
        let deadline = calendar.deadline(from: Self.instant("2026-10-02T16:30:00+02:00"), plus: 4 * Self.hour)
        #expect(deadline == Self.instant("2026-10-05T12:30:00+02:00"))
    }

    @Test(arguments: [
        // Ordinary days and weekends.
        ("2026-09-21T10:00:00+02:00", 2 * 3600, "2026-09-21T12:00:00+02:00"),
        ("2026-09-21T16:00:00+02:00", 2 * 3600, "2026-09-22T10:00:00+02:00"),
        ("2026-09-25T16:00:00+02:00", 8 * 3600, "2026-09-28T16:00:00+02:00"),
        // Starts outside working hours: before opening, after closing, on a Sunday.
        ("2026-09-21T06:00:00+02:00", 3600, "2026-09-21T10:00:00+02:00"),
        ("2026-09-21T20:00:00+02:00", 3600, "2026-09-22T10:00:00+02:00"),
        ("2026-09-27T11:00:00+02:00", 3600, "2026-09-28T10:00:00+02:00"),
        // A deadline at the close of a day stays there rather than jumping to the next opening.
        ("2026-09-21T09:00:00+02:00", 8 * 3600, "2026-09-21T17:00:00+02:00"),
        // Spring forward (Sunday 29 March 2026): Friday +02:00... Monday is +02:00, Friday +01:00.
        ("2026-03-27T16:00:00+01:00", 2 * 3600, "2026-03-30T10:00:00+02:00"),
        // Fall back (Sunday 25 October 2026).
        ("2026-10-23T16:00:00+02:00", 2 * 3600, "2026-10-26T10:00:00+01:00"),
        // Zero duration: the start itself, even outside working hours.
        ("2026-09-26T12:00:00+02:00", 0, "2026-09-26T12:00:00+02:00"),
    ])
    func parisDeadlines(start: String, plus: Int, expected: String) {
        let calendar = BusinessCalendar.standard(timeZone: Self.paris)
        let deadline = calendar.deadline(from: Self.instant(start), plus: plus)
        #expect(deadline == Self.instant(expected))
        #expect(calendar.workingTime(from: Self.instant(start), to: Self.instant(expected)) == plus)
    }

    @Test(arguments: [
        // Spring forward in Chicago: Sunday 8 March 2026; fall back: Sunday 1 November 2026.
        ("2026-03-06T16:00:00-06:00", 2 * 3600, "2026-03-09T10:00:00-05:00"),
        ("2026-10-30T16:00:00-05:00", 2 * 3600, "2026-11-02T10:00:00-06:00"),
        ("2026-03-06T09:00:00-06:00", 5 * 8 * 3600, "2026-03-12T17:00:00-05:00"),
    ])
    func chicagoDeadlines(start: String, plus: Int, expected: String) {
        let calendar = BusinessCalendar.standard(timeZone: Self.chicago)
        #expect(calendar.deadline(from: Self.instant(start), plus: plus) == Self.instant(expected))
        #expect(calendar.workingTime(from: Self.instant(start), to: Self.instant(expected)) == plus)
    }

    @Test func aRoundTheClockCalendarCountsTheRealLengthOfDSTDays() {
        let day = [BusinessCalendar.Interval(start: 0, end: 86_400)]
        let always = BusinessCalendar(timeZone: Self.paris, week: Dictionary(uniqueKeysWithValues: BusinessCalendar.Weekday.allCases.map { ($0, day) }))
        // Noon to noon across the spring-forward night is 23 hours, across the fall-back night 25.
        #expect(always.workingTime(from: Self.instant("2026-03-28T12:00:00+01:00"), to: Self.instant("2026-03-29T12:00:00+02:00")) == 23 * Self.hour)
        #expect(always.workingTime(from: Self.instant("2026-10-24T12:00:00+02:00"), to: Self.instant("2026-10-25T12:00:00+01:00")) == 25 * Self.hour)
        #expect(always.deadline(from: Self.instant("2026-03-28T12:00:00+01:00"), plus: 24 * Self.hour) == Self.instant("2026-03-29T13:00:00+02:00"))
    }

    @Test func workingHoursThatFallIntoTheGapStartAfterIt() {
        // A night shift 02:30–05:00 on Sundays: on 29 March 2026 02:30 does not exist in Paris.
        let calendar = BusinessCalendar(timeZone: Self.paris, week: [.sunday: [BusinessCalendar.Interval(start: 9000, end: 18_000)]])
        let spring = calendar.workingTime(from: Self.instant("2026-03-28T00:00:00+01:00"), to: Self.instant("2026-03-30T00:00:00+02:00"))
        let normal = calendar.workingTime(from: Self.instant("2026-03-21T00:00:00+01:00"), to: Self.instant("2026-03-23T00:00:00+01:00"))
        #expect(normal == 150 * 60)
        #expect(spring == 90 * 60, "02:30 does not exist that night: it is read as 03:30, moved on by the length of the gap")
    }

    @Test func holidaysMoveDeadlines() {
        var calendar = BusinessCalendar.standard(timeZone: Self.paris)
        let start = Self.instant("2026-12-24T16:00:00+01:00")
        #expect(calendar.deadline(from: start, plus: 2 * Self.hour) == Self.instant("2026-12-25T10:00:00+01:00"))
        calendar.holidays = [Holiday(LocalDate("2026-12-25")!, name: "Christmas"), Holiday(from: LocalDate("2026-12-28")!, through: LocalDate("2026-12-31")!)]
        #expect(calendar.deadline(from: start, plus: 2 * Self.hour) == Self.instant("2027-01-01T10:00:00+01:00"))
        #expect(calendar.workingTime(from: start, to: Self.instant("2027-01-01T10:00:00+01:00")) == 2 * Self.hour)
    }

    @Test func longSpansAndWorkingDays() {
        let calendar = BusinessCalendar.standard(timeZone: Self.paris)
        #expect(calendar.workingDayLength == 8 * Self.hour)
        // 2026 has 261 weekdays: a year of working time, Jan 1 to Jan 1.
        #expect(calendar.workingTime(from: Self.instant("2026-01-01T00:00:00+01:00"), to: Self.instant("2027-01-01T00:00:00+01:00")) == 261 * 8 * Self.hour)
        #expect(calendar.deadline(from: Self.instant("2026-01-01T00:00:00+01:00"), plus: 261 * 8 * Self.hour) == Self.instant("2026-12-31T17:00:00+01:00"))
        let empty = BusinessCalendar(timeZone: Self.paris, week: [:])
        #expect(empty.deadline(from: Self.instant("2026-01-01T00:00:00+01:00"), plus: 1) == nil)
        #expect(empty.workingTime(from: Self.instant("2026-01-01T00:00:00+01:00"), to: Self.instant("2027-01-01T00:00:00+01:00")) == 0)
    }

    @Test func splitDaysAndSeconds() {
        let split = [BusinessCalendar.Interval(from: "08:00", to: "12:00")!, BusinessCalendar.Interval(from: "13:00", to: "17:30")!]
        let calendar = BusinessCalendar(timeZone: Self.paris, week: [.monday: split, .tuesday: split])
        #expect(calendar.workingDayLength == 8 * Self.hour + 1800)
        #expect(calendar.deadline(from: Self.instant("2026-09-21T11:59:59+02:00"), plus: 2) == Self.instant("2026-09-21T13:00:01+02:00"))
        #expect(calendar.workingTime(from: Self.instant("2026-09-21T11:00:00.750+02:00"), to: Self.instant("2026-09-21T14:00:00+02:00")) == 2 * Self.hour)
        #expect(BusinessCalendar.Interval(from: "17:00", to: "09:00") == nil)
        #expect(BusinessCalendar.Interval(from: "9", to: "17:00") == nil)
        #expect(BusinessCalendar.Interval(from: "00:00", to: "24:00") != nil)
    }
}
