import Foundation
import SwitchboardCore

/// How SweepPage looks: HTML from its model, nothing else.
extension SweepPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let total = model.groups.reduce(0) { $0 + $1.items.count }
        let flagged = model.groups.reduce(0) { $0 + $1.items.filter { !$0.flags.isEmpty }.count }
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text("Sweep: \(model.unitName)")),
               link("Unit page", SiteURL.unit(.value(model.unitID)).path, [cls("button secondary")])),
            el("p", [cls("lead")],
               text("Sweep days: \(model.sweepDays.joined(separator: " and ")). Next sweep: \(model.nextSweep.map(Self.readableDate) ?? "none planned"). "),
               text("\(total) open ticket\(total == 1 ? "" : "s"), \(flagged) flagged.")),
            Forms.notice(model.error),
            Forms.notice(model.notice, kind: "success"),
        ]
        if model.groups.isEmpty {
            content.append(el("p", [cls("empty")], text("No open tickets: nothing to sweep.")))
        }
        for group in model.groups {
            content.append(el("section", [cls("card"), Attr("id", "status-\(group.status.rawValue)")],
                el("h2", [], text("\(Format.label(group.status.rawValue)) (\(group.items.count))")),
                el("div", [cls("table-wrap")], el("table", [cls("table sweep")],
                    el("thead", [], el("tr", [],
                        el("th", [Attr("scope", "col")], text("#")), el("th", [Attr("scope", "col")], text("Subject")),
                        el("th", [Attr("scope", "col")], text("Priority")), el("th", [Attr("scope", "col")], text("Response")),
                        el("th", [Attr("scope", "col")], text("Age")), el("th", [Attr("scope", "col")], text("Since reaction")),
                        el("th", [Attr("scope", "col")], text("Flags")), el("th", [Attr("scope", "col")], text("Progress note")))),
                    el("tbody", [], group.items.map { row(model, $0, context: context) })))))
        }
        return Layout.render(title: "Sweep \(model.unitName)", context: context, active: .units, SwitchboardServer.group(content))
    }

    static func row(_ model: Model, _ item: SweepAgenda.Item, context: PageContext) -> Markup {
        el("tr", [Attr("id", "ticket-\(item.id)")],
           el("td", [cls("number")], link("#\(item.id)", SiteURL.ticket(.value(item.id)).path)),
           el("td", [cls("subject")], link(item.subject, SiteURL.ticket(.value(item.id)).path),
              item.assignee.map { el("div", [cls("sweep-note")], text("Responsible: \($0)")) } ?? group([])),
           el("td", [], Format.priority(item.priority)),
           el("td", [], Format.response(item.colour, dueAt: item.responseDueAt, now: context.now)),
           el("td", [cls("number")], text("\(item.ageDays) d")),
           el("td", [cls("number")], text(String(format: "%.1f wd", item.workingDaysSinceReaction))),
           el("td", [], item.flags.isEmpty ? text("—") : group(item.flags.map { el("span", [cls("badge flag")], text($0.title)) })),
           el("td", [],
              Forms.post(SiteURL.sweepNote(.value(model.unitID)).path, context: context, classes: "sweep-form", [
                  void("input", [Attr("type", "hidden"), Attr("name", "ticket"), Attr("value", String(item.id))]),
                  el("label", [cls("visually-hidden"), Attr("for", "note-\(item.id)")], text("Progress note for #\(item.id)")),
                  void("input", [Attr("type", "text"), Attr("id", "note-\(item.id)"), Attr("name", "note"), Attr("maxlength", "2000"),
                                 Attr("required", "required"), Attr("placeholder", "Progress")]),
                  Forms.submit("Note", kind: "secondary small"),
              ]),
              item.lastSweepNote.map { note in
                  el("p", [cls("sweep-note")], text("Last: “\(note.note)” — \(note.by), "), Format.time(note.at, now: context.now))
              } ?? group([])))
    }

    /// "2026-09-24" → "Thursday 24 September 2026".
    static func readableDate(_ text: String) -> String {
        guard let date = LocalDate(text) else { return text }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let instant = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
              let weekday = BusinessCalendar.Weekday(rawValue: calendar.component(.weekday, from: instant)) else { return text }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(SweepRules.weekdayName(weekday)) \(date.day) \(months[date.month - 1]) \(date.year)"
    }
}
