import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct ICalendarHolidaysTests {
    @Test func readsAllDayEventsOfAPublicHolidayFeed() throws {
        let feed = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Example//Holidays//EN\r
            BEGIN:VEVENT\r
            DTSTART;VALUE=DATE:20261225\r
            DTEND;VALUE=DATE:20261226\r
            SUMMARY:Christmas Day\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            DTSTART;VALUE=DATE:20261228\r
            DTEND;VALUE=DATE:20270102\r
            SUMMARY:Year-end closure\\, all\r
              sites\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            DTSTART;VALUE=DATE:20270101\r
            SUMMARY:New Year\r
            END:VEVENT\r
            END:VCALENDAR\r
            """
        let holidays = try ICalendarHolidays.parse(feed)
        #expect(holidays == [
            Holiday(LocalDate("2026-12-25")!, name: "Christmas Day"),
            Holiday(from: LocalDate("2026-12-28")!, through: LocalDate("2027-01-01")!, name: "Year-end closure, all sites"),
            Holiday(LocalDate("2027-01-01")!, name: "New Year"),
        ])
    }

    @Test func refusesWhatIsNotAHolidayFeed() {
        let timed = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225T090000Z\nEND:VEVENT\nEND:VCALENDAR"
        #expect(throws: ICalendarHolidays.Invalid.self) { try ICalendarHolidays.parse(timed) }
        #expect(throws: ICalendarHolidays.Invalid.self) { try ICalendarHolidays.parse("hello") }
        #expect(throws: ICalendarHolidays.Invalid.self) { try ICalendarHolidays.parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR") }
        #expect(throws: ICalendarHolidays.Invalid.self) {
            try ICalendarHolidays.parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260231\nEND:VEVENT\nEND:VCALENDAR")
        }
    }

    /// Feeds exported by calendar programs carry a time-zone block whose DTSTART has a time of
    /// day; only the events' dates matter.
    @Test func aTimeZoneBlockOutsideTheEventsIsIgnored() throws {
        let feed = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            BEGIN:VTIMEZONE\r
            TZID:Europe/Amsterdam\r
            BEGIN:STANDARD\r
            DTSTART:19701025T030000\r
            TZOFFSETFROM:+0200\r
            TZOFFSETTO:+0100\r
            END:STANDARD\r
            END:VTIMEZONE\r
            BEGIN:VEVENT\r
            DTSTART;VALUE=DATE:20261225\r
            SUMMARY:Christmas Day\r
            END:VEVENT\r
            END:VCALENDAR\r
            """
        let holidays = try ICalendarHolidays.parse(feed)
        #expect(holidays.map(\.name) == ["Christmas Day"])
    }
}
