import Foundation
import SwitchboardCore

/// Business calendars (administrators): the list with a form to add one, and each calendar
/// with its holidays and a form to add more, typed or from an iCalendar file.
enum CalendarsPage: WebPage {
    struct Row {
        var id: UUID
        var name: String
        var timeZone: String
        var hours: String
        var holidayCount: Int
        var units: [String]
    }

    struct Model {
        var calendars: [Row]
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Calendars", context: context, active: .calendars, group([
            el("h1", [], text("Business calendars")),
            el("p", [cls("hint")], text("Working time is counted in a unit's calendar. A unit without one works Monday to Friday, 09:00–17:00 in its own time zone, with no holidays.")),
            el("section", [cls("card")], model.calendars.isEmpty ? el("p", [cls("empty")], text("No calendars yet.")) :
                el("div", [cls("table-wrap")], el("table", [cls("table")],
                    el("thead", [], el("tr", [], el("th", [], text("Name")), el("th", [], text("Time zone")), el("th", [], text("Working hours")),
                                       el("th", [], text("Holidays")), el("th", [], text("Units")))),
                    el("tbody", [], model.calendars.map { row in
                        el("tr", [], el("td", [], link(row.name, SiteURL.calendar(.value(row.id)).path)), el("td", [], text(row.timeZone)),
                           el("td", [], text(row.hours)), el("td", [cls("number")], text(String(row.holidayCount))),
                           el("td", [], text(row.units.isEmpty ? "—" : row.units.joined(separator: ", "))))
                    })))),
            el("section", [cls("card")], el("h2", [], text("Add a calendar")),
               model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
               Forms.post(SiteURL.calendars.path, context: context, [
                   el("div", [cls("grid")],
                      Forms.field("Name", name: "name", value: model.values["name"], required: true, errors: model.errors["name"]),
                      Forms.field("Time zone", name: "timeZone", value: model.values["timeZone"] ?? "Europe/Amsterdam", required: true,
                                  errors: model.errors["timeZone"], hint: "An IANA name such as Europe/Paris."),
                      Forms.field("Working hours", name: "hours", value: model.values["hours"] ?? WeeklyHours.standard, required: true,
                                  errors: model.errors["hours"], hint: "e.g. mon-thu 08:00-12:00,13:00-17:00; fri 08:00-12:00")),
                   Forms.submit("Add calendar"),
               ])),
        ]))
    }

    static func query(_ helpdesk: Helpdesk) async throws -> Model {
        let calendars = try await BusinessCalendarModel.query(on: helpdesk.database).with(\.$holidays).sort(\.$name).all()
        // Units are few: filtered here rather than in SQL.
        let units = try await SupportUnitModel.query(on: helpdesk.database).all().filter { $0.$calendar.id != nil }
        let unitsByCalendar = Dictionary(grouping: units, by: { $0.$calendar.id! }).mapValues { $0.map(\.name).sorted() }
        return Model(calendars: calendars.map {
            Row(id: $0.id!, name: $0.name, timeZone: $0.timeZone, hours: WeeklyHours.format($0.week), holidayCount: $0.holidays.count,
                units: unitsByCalendar[$0.id!] ?? [])
        })
    }
}

enum CalendarPage: WebPage {
    struct Model {
        var id: UUID
        var name: String
        var timeZone: String
        var hours: String
        var workingDayLength: Int
        var holidays: [Holiday]
        var units: [String]
        var holidayText: String = ""
        var error: String?
        var notice: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: model.name, context: context, active: .calendars, group([
            el("h1", [], text("Calendar \(model.name)")),
            Forms.notice(model.error),
            Forms.notice(model.notice, kind: "success"),
            el("section", [cls("card")], el("dl", [cls("facts")],
                el("dt", [], text("Time zone")), el("dd", [], text(model.timeZone)),
                el("dt", [], text("Working hours")), el("dd", [], text(model.hours)),
                el("dt", [], text("Working day")), el("dd", [], text(WorkingDuration.format(model.workingDayLength, workingDayLength: 0))),
                el("dt", [], text("Units")), el("dd", [], text(model.units.isEmpty ? "none" : model.units.joined(separator: ", "))))),
            el("section", [cls("card")], el("h2", [], text("Holidays (\(model.holidays.count))")),
               model.holidays.isEmpty ? el("p", [cls("empty")], text("None.")) :
                el("ul", [cls("holidays")], model.holidays.map { holiday in
                    el("li", [], text(holiday.first == holiday.last ? holiday.first.description : "\(holiday.first.description) – \(holiday.last.description)"),
                       holiday.name.isEmpty ? group([]) : text(" · \(holiday.name)"))
                })),
            el("section", [cls("card")], el("h2", [], text("Add holidays")),
               Forms.post(SiteURL.calendarHolidays(.value(model.id)).path, context: context, multipart: true, [
                   Forms.textArea("One per line: a date or a range, then a name", name: "holidays", value: model.holidayText, rows: 5),
                   el("p", [cls("hint")], text("For example “2026-12-25 Christmas Day” or “2026-12-24..2026-12-31 Year-end closure”.")),
                   Forms.field("or an iCalendar file (.ics) of all-day events", name: "file", type: "file", attributes: [Attr("accept", ".ics,text/calendar")]),
                   Forms.submit("Add holidays"),
               ])),
            el("p", [], link("All calendars", SiteURL.calendars.path)),
        ]))
    }

    /// Reads "2026-12-25 Christmas Day" and "2026-12-24..2026-12-31 Closure" lines.
    static func parseLines(_ text: String) -> Result<[Holiday], HelpdeskError> {
        var holidays: [Holiday] = []
        for (index, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let ends = parts[0].components(separatedBy: "..")
            guard (1...2).contains(ends.count), let first = LocalDate(ends[0]), let last = LocalDate(ends.last!), first <= last else {
                return .failure(.invalid("holidays", "Line \(index + 1), “\(line)”, does not start with a date like 2026-12-25 or a range like 2026-12-24..2026-12-31."))
            }
            holidays.append(Holiday(from: first, through: last, name: parts.count > 1 ? parts[1] : ""))
        }
        return .success(holidays)
    }

    static func query(_ helpdesk: Helpdesk, id: UUID) async throws -> Model {
        guard let calendar = try await BusinessCalendarModel.find(id, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no such calendar.")
        }
        let holidays = try await calendar.$holidays.get(on: helpdesk.database).compactMap(\.holiday).sorted { $0.first < $1.first }
        let units = try await SupportUnitModel.query(on: helpdesk.database).all().filter { $0.$calendar.id == id }.map(\.name).sorted()
        return Model(id: id, name: calendar.name, timeZone: calendar.timeZone, hours: WeeklyHours.format(calendar.week),
                     workingDayLength: calendar.workingDayLength, holidays: holidays, units: units)
    }
}
