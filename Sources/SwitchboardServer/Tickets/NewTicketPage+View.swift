import Foundation
import SwitchboardCore

/// How NewTicketPage looks: HTML from its model, nothing else.
extension NewTicketPage {
    static func unitSelect(name: String, label: String, choices: [(tier: SupportTier, units: [(id: UUID, name: String)])],
                           selected: String?, blank: String?, errors: [String]? = nil, id: String? = nil) -> Markup {
        Forms.select(label, name: name, options: [], selected: selected, includeBlank: blank, errors: errors,
                     groups: choices.map { choice in (choice.tier.title, choice.units.map { Forms.Option(value: $0.id.uuidString, label: $0.name) }) },
                     id: id)
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let errors = model.errors
        return Layout.render(title: "New ticket", context: context, active: .newTicket, el("section", [cls("card")],
            el("h1", [], text("File a ticket")),
            errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
            Forms.post(SiteURL.newTicket.path, context: context, [
                Forms.field("Subject", name: "subject", value: values["subject"], required: true, errors: errors["subject"],
                            hint: "One line, at most 250 characters.", attributes: [Attr("maxlength", "250")]),
                Forms.textArea("Description", name: "description", value: values["description"], required: true, rows: 8, errors: errors["description"]),
                el("div", [cls("grid")],
                   Forms.select("Priority", name: "priority", options: Forms.options(TicketPriority.self),
                                selected: values["priority"] ?? TicketPriority.default.rawValue, errors: errors["priority"]),
                   Forms.select("Category", name: "category", options: Forms.options(TicketCategory.self),
                                selected: values["category"] ?? TicketCategory.incident.rawValue, errors: errors["category"]),
                   Forms.field("Affected site", name: "affectedSite", value: values["affectedSite"], errors: errors["affectedSite"]),
                   Forms.field("Virtual organisation (VO)", name: "vo", value: values["vo"], errors: errors["vo"],
                               hint: model.voChoices.isEmpty ? nil : "Your VOs: \(model.voChoices.joined(separator: ", ")).",
                               attributes: model.voChoices.isEmpty ? [] : [Attr("list", "vo-choices")]),
                   el("datalist", [Attr("id", "vo-choices")], model.voChoices.map { el("option", [Attr("value", $0)]) }),
                   Forms.field("Component", name: "component", value: values["component"], errors: errors["component"],
                               hint: model.componentSuggestions.isEmpty ? nil : "A package name from the catalogue, or any text.",
                               attributes: model.componentSuggestions.isEmpty ? [] : [Attr("list", "component-suggestions")]),
                   el("datalist", [Attr("id", "component-suggestions")], model.componentSuggestions.map { el("option", [Attr("value", $0)]) }),
                   Forms.field("Component version", name: "componentVersion", value: values["componentVersion"], errors: errors["componentVersion"])),
                Forms.field("CC", name: "cc", value: values["cc"], errors: errors["cc"], hint: "Email addresses, separated by commas."),
                Forms.select("Notify me", name: "notificationMode", options: Forms.notificationModes, selected: values["notificationMode"] ?? NotificationMode.default.rawValue, errors: errors["notificationMode"]),
                model.unitChoices.map { choices in
                    unitSelect(name: "supportUnit", label: "Support unit", choices: choices, selected: values["supportUnit"],
                               blank: "First line (triage)", errors: errors["supportUnit"])
                } ?? group([]),
                Forms.submit("File ticket"),
            ])
        ))
    }
}
