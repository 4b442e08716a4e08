import Fluent
import Foundation
import SwitchboardCore

/// How UnitFormPage looks: HTML from its model, nothing else.
extension UnitFormPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let title = model.unitID == nil ? "New support unit" : "Edit \(values["name"] ?? "unit")"
        let action = model.unitID.map { SiteURL.editUnit(.value($0)).path } ?? SiteURL.newUnit.path
        return Layout.render(title: title, context: context, active: .units, el("section", [cls("card")],
            el("h1", [], text(title)),
            model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
            Forms.post(action, context: context, [
                Forms.field("Name", name: "name", value: values["name"], required: true, errors: model.errors["name"]),
                Forms.select("Tier", name: "tier", options: SupportTier.allCases.map { Forms.Option(value: $0.rawValue, label: $0.title) },
                             selected: values["tier"], errors: model.errors["tier"]),
                Forms.select("Part of", name: "parent", options: model.parents, selected: values["parent"], includeBlank: "— (top level)", errors: model.errors["parent"]),
                Forms.field("Mailing list", name: "mailingList", value: values["mailingList"], type: "email", required: true, errors: model.errors["mailingList"]),
                Forms.select("Service level", name: "serviceLevel", options: model.levels.map { Forms.Option(value: $0, label: $0) },
                             selected: values["serviceLevel"] ?? ServiceLevelName.bestEffort, errors: model.errors["serviceLevel"]),
                Forms.field("Time zone", name: "timeZone", value: values["timeZone"] ?? "UTC", required: true, errors: model.errors["timeZone"],
                            hint: "An IANA name such as Europe/Amsterdam."),
                Forms.field("Sweep days", name: "sweepDays", value: values["sweepDays"], errors: model.errors["sweepDays"],
                            hint: "Weekdays of the unit's sweep, like tue,thu; empty for the installation's default."),
                Forms.submit(model.unitID == nil ? "Create unit" : "Save"),
            ])))
    }
}
