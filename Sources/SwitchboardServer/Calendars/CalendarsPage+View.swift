import Foundation
import SwitchboardCore

/// How CalendarsPage looks: HTML from its model, nothing else.
extension CalendarsPage {
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
}
