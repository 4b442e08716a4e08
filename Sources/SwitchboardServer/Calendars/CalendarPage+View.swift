import Foundation
import SwitchboardCore

/// How CalendarPage looks: HTML from its model, nothing else.
extension CalendarPage {
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
}
