import Fluent
import Foundation
import SwitchboardCore

/// How UnitPage looks: HTML from its model, nothing else.
extension UnitPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let unit = model.unit
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text(unit.name)),
               model.maySweep ? link("Sweep agenda", SiteURL.sweep(.value(unit.id)).path, [cls("button")]) : group([]),
               model.maySweep ? link("Missed targets", SiteURL.responseViolations.path + "?supportUnit=\(unit.id.uuidString)", [cls("button secondary")]) : group([]),
               model.mayEdit ? link("Edit unit", SiteURL.editUnit(.value(unit.id)).path, [cls("button secondary")]) : group([])),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("section", [cls("card")], el("dl", [cls("facts")],
                el("dt", [], text("Tier")), el("dd", [], text(unit.tier.title)),
                el("dt", [], text("Part of")), el("dd", [], text(unit.parentName ?? "—")),
                el("dt", [], text("Mailing list")), el("dd", [], text(unit.mailingList)),
                el("dt", [], text("Service level")), el("dd", [], text(unit.serviceLevel)),
                el("dt", [], text("Time zone")), el("dd", [], text(model.timeZone)),
                el("dt", [], text("Sweep days")), el("dd", [], text(model.sweepDays)))),
            el("section", [cls("card")], el("h2", [], text("Members")),
               model.members.isEmpty ? el("p", [cls("empty")], text("No members yet.")) :
                el("ul", [cls("members")], model.members.map { member in
                    el("li", [], text(member.name), text(" — \(member.email) "),
                       member.role == .unitAdmin ? el("span", [cls("badge")], text("unit admin")) : group([]),
                       model.mayManageMembers
                           ? Forms.post(SiteURL.removeMember(unit: .value(unit.id), user: .value(member.id)).path, context: context, classes: "inline",
                                        [el("button", [Attr("type", "submit"), cls("button danger small"), Attr("aria-label", "Remove \(member.name)"), Attr("data-confirm", "Remove \(member.name) from the unit?")], text("Remove"))])
                           : group([]))
                }),
               model.mayManageMembers ? Forms.post(SiteURL.unitMembers(.value(unit.id)).path, context: context, classes: "form inline-form", [
                   Forms.field("Add a member by email", name: "email", value: model.memberValues["email"], type: "email", required: true, errors: model.memberErrors["email"]),
                   Forms.select("Role", name: "role", options: Forms.options(MembershipRole.self), selected: model.memberValues["role"] ?? MembershipRole.member.rawValue),
                   Forms.submit("Add member", kind: "secondary"),
               ]) : group([])),
        ]
        if model.mayKeepTemplates || !model.templates.isEmpty { content.append(templates(model, context: context)) }
        content.append(el("p", [], link("Open tickets of this unit", SiteURL.search.with(query: [("supportUnit", unit.id.uuidString), ("status", TicketStatus.openStatuses.map(\.rawValue).joined(separator: ","))]))))
        return Layout.render(title: unit.name, context: context, active: .units, group(content))
    }

    /// The unit's reply templates with how often replies used them, and the form to add one.
    static func templates(_ model: Model, context: PageContext) -> Markup {
        let unit = model.unit
        return el("section", [cls("card"), Attr("id", "templates")], el("h2", [], text("Reply templates")),
            model.templates.isEmpty ? el("p", [cls("empty")], text("No templates yet.")) :
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], ["Template", "Used", "Text", ""].map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], model.templates.map { template in
                    el("tr", [], el("td", [], text(template.name)), el("td", [cls("number")], text(String(template.usageCount))),
                       el("td", [], el("div", [cls("template-text")], text(template.body))),
                       el("td", [], model.mayKeepTemplates
                           ? Forms.post(SiteURL.deleteTemplate(unit: .value(unit.id), template: .value(template.id!)).path, context: context, classes: "inline",
                                        [el("button", [Attr("type", "submit"), cls("button danger small"), Attr("aria-label", "Remove \(template.name)"), Attr("data-confirm", "Remove the template \(template.name)?")], text("Remove"))])
                           : group([])))
                }))),
            model.mayKeepTemplates ? Forms.post(SiteURL.unitTemplates(.value(unit.id)).path, context: context, [
                Forms.field("Name", name: "name", value: model.templateValues["name"], required: true, errors: model.templateErrors["name"]),
                Forms.textArea("Text", name: "body", value: model.templateValues["body"], required: true, rows: 5, errors: model.templateErrors["body"]),
                el("p", [cls("hint")], text("Placeholders: " + ReplyTemplateText.placeholders.map { "{{\($0)}}" }.joined(separator: ", ")
                    + " — the submitter's name, the ticket number, its subject, the unit that holds it and that unit's response target.")),
                Forms.submit("Add template", kind: "secondary"),
            ]) : group([]))
    }
}
