import Fluent
import Foundation
import SwitchboardCore
import Vapor

extension NewCalendarInput: Content {}

struct HolidayJSON: Content {
    var first: String
    var last: String?
    var name: String?
}

struct CalendarResponse: Content {
    var id: UUID
    var name: String
    var timeZone: String
    var hours: String
    var workingDayLength: Int
    var holidays: [HolidayJSON]

    init(_ model: BusinessCalendarModel, holidays: [Holiday]) throws {
        id = try model.requireID()
        name = model.name
        timeZone = model.timeZone
        hours = WeeklyHours.format(model.week)
        workingDayLength = model.workingDayLength
        self.holidays = holidays.sorted { $0.first < $1.first }.map { HolidayJSON(first: $0.first.description, last: $0.last.description, name: $0.name) }
    }
}

struct HolidaysRequest: Content {
    var holidays: [HolidayJSON]
}

struct HolidaysAdded: Content {
    var added: Int
}

struct UnitCalendarRequest: Content {
    /// A calendar's id or name; null for the standard week in the unit's time zone.
    var calendar: String?
}

struct DeadlineResponse: Content {
    var from: String
    var seconds: Int
    var deadline: String
}

struct WorkingTimeResponse: Content {
    var from: String
    var to: String
    var seconds: Int
}

/// `/api/v1/calendars` and the calendar questions of a unit.
struct CalendarsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let calendars = routes.grouped("calendars")
        calendars.get(use: list)
        calendars.post(use: create)
        calendars.post(":calendarID", "holidays", use: addHolidays)
        let unit = routes.grouped("support-units", ":unitID")
        unit.put("calendar", use: setUnitCalendar)
        unit.get("calendar", "deadline", use: deadline)
        unit.get("calendar", "working-time", use: workingTime)
    }

    func list(_ request: Request) async throws -> [CalendarResponse] {
        try await request.helpdesk.calendars.all()
            .map { try CalendarResponse($0, holidays: $0.holidays.compactMap(\.holiday)) }
    }

    func create(_ request: Request) async throws -> Response {
        let model = try await request.helpdesk.calendars.createCalendar(try request.content.decode(NewCalendarInput.self), by: try request.signedIn.acting)
        return try await CalendarResponse(model, holidays: []).encodeResponse(status: .created, for: request)
    }

    /// JSON `{holidays: [{first, last?, name?}]}`, or an iCalendar file sent as `text/calendar`.
    func addHolidays(_ request: Request) async throws -> HolidaysAdded {
        let reference = request.parameters.get("calendarID") ?? ""
        let acting = try request.signedIn.acting
        if request.headers.contentType?.subType == "calendar" {
            let text = request.body.string ?? ""
            return HolidaysAdded(added: try await request.helpdesk.calendars.importHolidays(ics: text, toCalendar: reference, by: acting))
        }
        let body = try request.content.decode(HolidaysRequest.self)
        var errors = FieldErrors()
        var holidays: [Holiday] = []
        for (index, entry) in body.holidays.enumerated() {
            guard let first = LocalDate(entry.first), let last = LocalDate(entry.last ?? entry.first), first <= last else {
                errors.add("holidays[\(index)]", "Give first (and last) as dates like 2026-12-25, last not before first.")
                continue
            }
            holidays.append(Holiday(from: first, through: last, name: String((entry.name ?? "").prefix(200))))
        }
        try HelpdeskError.check(errors)
        return HolidaysAdded(added: try await request.helpdesk.calendars.addHolidays(holidays, toCalendar: reference, by: acting))
    }

    func setUnitCalendar(_ request: Request) async throws -> SupportUnitResponse {
        guard let id = request.parameters.get("unitID").flatMap(UUID.init(uuidString:)) else { throw HelpdeskError.notFound("There is no such support unit.") }
        let body = try request.content.decode(UnitCalendarRequest.self)
        try await request.helpdesk.calendars.setCalendar(ofUnit: id, to: body.calendar, by: try request.signedIn.acting)
        return try SupportUnitResponse(try await request.helpdesk.units.find(id))
    }

    func deadline(_ request: Request) async throws -> DeadlineResponse {
        let answer = try await request.helpdesk.calendars.calendarDeadline(
            unit: request.parameters.get("unitID") ?? "", from: request.query[String.self, at: "from"], plus: request.query[String.self, at: "plus"])
        return DeadlineResponse(from: ISO8601.format(answer.from), seconds: answer.seconds, deadline: ISO8601.format(answer.deadline))
    }

    func workingTime(_ request: Request) async throws -> WorkingTimeResponse {
        let answer = try await request.helpdesk.calendars.calendarWorkingTime(
            unit: request.parameters.get("unitID") ?? "", from: request.query[String.self, at: "from"], to: request.query[String.self, at: "to"])
        return WorkingTimeResponse(from: ISO8601.format(answer.from), to: ISO8601.format(answer.to), seconds: answer.seconds)
    }
}
