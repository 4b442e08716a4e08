import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

@Suite struct CalendarAPITests {
    struct CalendarAnswer: Codable { var id: UUID; var name: String; var hours: String; var workingDayLength: Int; var holidays: [HolidayJSON] }
    struct Deadline: Codable { var from: String; var seconds: Int; var deadline: String }
    struct WorkingTime: Codable { var seconds: Int }

    static let feed = """
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20261005
        DTEND;VALUE=DATE:20261006
        SUMMARY:Site maintenance day
        END:VEVENT
        END:VCALENDAR
        """

    @Test func aUnitWithoutACalendarWorksTheStandardWeekInItsTimeZone() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            // The cast's units are in Europe/Paris: Friday 16:30 + 4h is Monday 12:30.
            let response = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/calendar/deadline?from=2026-10-02T16:30:00%2B02:00&plus=4h", as: cast.alice)
            #expect(response.status == .ok, "\(response.body.string)")
            let answer = try response.content.decode(Deadline.self)
            #expect(answer.deadline == "2026-10-05T10:30:00Z" && answer.seconds == 14_400)
            #expect(answer.from == "2026-10-02T14:30:00Z")
            // An unencoded "+" (read as a space) is understood too.
            let plain = try await desk.request(.GET, "/api/v1/support-units/DMSU/calendar/working-time?from=2026-10-02T16:30:00+02:00&to=2026-10-05T12:30:00+02:00", as: cast.alice)
            #expect(try plain.content.decode(WorkingTime.self).seconds == 14_400)
        }
    }

    @Test func administratorsBuildCalendarsAndImportHolidays() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let body = NewCalendarInput(name: "CESNET", timeZone: "Europe/Prague", hours: "mon-thu 08:00-12:00,13:00-16:30; fri 08:00-12:00")
            #expect(try await desk.request(.POST, "/api/v1/calendars", as: cast.expert, json: body).status == .forbidden)
            var response = try await desk.request(.POST, "/api/v1/calendars", as: cast.admin, json: body)
            #expect(response.status == .created, "\(response.body.string)")
            let calendar = try response.content.decode(CalendarAnswer.self)
            #expect(calendar.hours == "mon 08:00-12:00,13:00-16:30; tue 08:00-12:00,13:00-16:30; wed 08:00-12:00,13:00-16:30; thu 08:00-12:00,13:00-16:30; fri 08:00-12:00")
            #expect(calendar.workingDayLength == 7 * 3600 + 1800)

            response = try await desk.request(.POST, "/api/v1/calendars/CESNET/holidays", as: cast.admin, rawBody: Self.feed,
                                              headers: ["Content-Type": "text/calendar"])
            #expect(response.status == .ok, "\(response.body.string)")
            #expect(response.body.string.contains("\"added\":1"))
            response = try await desk.request(.POST, "/api/v1/calendars/\(calendar.id)/holidays", as: cast.admin,
                                              json: HolidaysRequest(holidays: [HolidayJSON(first: "2026-10-05", last: nil, name: "again"), HolidayJSON(first: "2026-12-24", last: "2026-12-26", name: "Christmas")]))
            #expect(response.body.string.contains("\"added\":1"), "the day already there is skipped")

            response = try await desk.request(.PUT, "/api/v1/support-units/\(cast.dmsu)/calendar", as: cast.admin, json: ["calendar": "CESNET"])
            #expect(response.status == .ok)
            // Friday 11:00 Prague + 2h: one hour on Friday, Monday the 5th is a holiday, Tuesday 08:00 + 1h.
            response = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/calendar/deadline?from=2026-10-02T11:00:00%2B02:00&plus=2h", as: cast.triage)
            #expect(try response.content.decode(Deadline.self).deadline == "2026-10-06T07:00:00Z")
            response = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/calendar/deadline?from=2026-10-02T11:00:00%2B02:00&plus=1wd", as: cast.triage)
            #expect(try response.content.decode(Deadline.self).seconds == 7 * 3600 + 1800)

            response = try await desk.request(.GET, "/api/v1/calendars", as: cast.alice)
            let listed = try response.content.decode([CalendarAnswer].self)
            #expect(listed.first?.holidays.map(\.first) == ["2026-10-05", "2026-12-24"])
        }
    }

    @Test func wrongQuestionsGetClearAnswers() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            for (query, field) in [("from=yesterday&plus=4h", "from"), ("from=2026-10-02&plus=4h", "from"), ("from=2026-10-02T16:30:00Z&plus=4 days", "plus"), ("plus=4h", "from")] {
                let response = try await desk.request(.GET, "/api/v1/support-units/\(cast.dmsu)/calendar/deadline?\(query)", as: cast.alice)
                #expect(response.status == .unprocessableEntity, "\(query)")
                #expect(response.problem?.errors?[field] != nil, "\(query): \(response.body.string)")
            }
            #expect(try await desk.request(.GET, "/api/v1/support-units/Nowhere/calendar/deadline?from=2026-10-02T16:30:00Z&plus=1h", as: cast.alice).status == .notFound)
            var response = try await desk.request(.POST, "/api/v1/calendars", as: cast.admin, json: NewCalendarInput(name: "x", timeZone: "Mars/Base", hours: "someday 9-5"))
            #expect(Set(response.problem?.errors?.keys.map { $0 } ?? []) == ["timeZone", "hours"])
            response = try await desk.request(.POST, "/api/v1/calendars", as: cast.admin, json: NewCalendarInput(name: "overlap", hours: "mon 09:00-12:00,11:00-13:00"))
            #expect(response.problem?.errors?["hours"] != nil)
            _ = try await desk.request(.POST, "/api/v1/calendars", as: cast.admin, json: NewCalendarInput(name: "Plain"))
            response = try await desk.request(.POST, "/api/v1/calendars/Plain/holidays", as: cast.admin, rawBody: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261005T090000Z\nEND:VEVENT\nEND:VCALENDAR",
                                              headers: ["Content-Type": "text/calendar"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.detail.contains("VALUE=DATE") == true)
            response = try await desk.request(.PUT, "/api/v1/support-units/\(cast.dmsu)/calendar", as: cast.admin, json: ["calendar": "Missing"])
            #expect(response.problem?.errors?["calendar"] != nil)
        }
    }

    @Test func weeklyHoursReadAndWriteTheSameText() {
        let text = "mon-wed 08:00-12:00,13:00-17:00; sat 10:00-14:00"
        #expect(WeeklyHours.format(WeeklyHours.parse(text)!) == "mon 08:00-12:00,13:00-17:00; tue 08:00-12:00,13:00-17:00; wed 08:00-12:00,13:00-17:00; sat 10:00-14:00")
        #expect(WeeklyHours.parse("fri-mon 09:00-17:00") == nil)
        #expect(WeeklyHours.parse("mon 00:00-24:00")?[.monday] == [BusinessCalendar.Interval(start: 0, end: 86_400)])
    }
}
