import Foundation
import SwitchboardCore

/// How ServiceLevelsPage looks: HTML from its model, nothing else.
extension ServiceLevelsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let priorities = TicketPriority.allCases
        var content: [Markup] = [
            el("h1", [], text("Service levels")),
            el("p", [cls("hint")], text("Response targets in each unit's working time (wd = working days), counted from the assignment to the unit until its first reaction. No target means best effort. "),
               context.viewer.map { $0.isSupporter || $0.isAdmin } == true ? link("Missed targets", SiteURL.responseViolations.path) : group([])),
            Forms.notice(model.notice, kind: "success"),
            el("section", [cls("card")], el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], [el("th", [Attr("scope", "col")], text("Level"))]
                    + priorities.map { el("th", [Attr("scope", "col")], text(Format.label($0.rawValue))) }
                    + (model.mayEdit ? [el("th", [Attr("scope", "col")], text(""))] : []))),
                el("tbody", [], model.levels.map { level in
                    el("tr", [Attr("id", "level-\(level.name)")],
                       [el("td", [], el("strong", [], text(level.name)), level.description.isEmpty ? group([]) : el("div", [cls("hint")], text(level.description)))]
                       + priorities.map { el("td", [], text(level.target(for: $0)?.description ?? "best effort")) }
                       + (model.mayEdit ? [el("td", [], link("Edit", SiteURL.editServiceLevel(.value(level.name)).path))] : []))
                })))),
        ]
        if model.mayEdit {
            content.append(el("section", [cls("card")], el("h2", [], text("Add a level")),
                              form(action: SiteURL.serviceLevels.path, values: model.values, errors: model.errors, nameEditable: true,
                                   submit: "Add level", context: context)))
        }
        return Layout.render(title: "Service levels", context: context, active: .serviceLevels, group(content))
    }

    static func form(action: String, values: [String: String], errors: [String: [String]], nameEditable: Bool, submit: String, context: PageContext) -> Markup {
        var fields: [Markup] = []
        if !errors.isEmpty { fields.append(Forms.notice("Please correct the marked fields.")) }
        if nameEditable {
            fields.append(Forms.field("Name", name: "name", value: values["name"], required: true, errors: errors["name"], hint: "Lower-case letters, digits and dashes, like gold-24x7."))
        }
        fields.append(Forms.field("Description", name: "description", value: values["description"], errors: errors["description"]))
        fields.append(el("div", [cls("grid")], TicketPriority.allCases.map { priority in
            Forms.field(Format.label(priority.rawValue), name: priority.rawValue, value: values[priority.rawValue],
                        errors: errors["targets.\(priority.rawValue)"],
                        hint: "e.g. 5wd, 4h; empty = best effort")
        }))
        fields.append(Forms.submit(submit))
        return Forms.post(action, context: context, fields)
    }
}
