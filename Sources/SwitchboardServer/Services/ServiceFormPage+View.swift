import Foundation
import SwitchboardCore

/// How ServiceFormPage looks: HTML from its model, nothing else.
extension ServiceFormPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let values = model.values
        let title = model.serviceID == nil ? "New service" : "Edit \(values["name"] ?? "service")"
        let action = model.serviceID.map { SiteURL.editService(.value($0)).path } ?? SiteURL.newService.path
        var fields: [Markup] = [
            Forms.field("Name", name: "name", value: values["name"], required: true, errors: model.errors["name"]),
            Forms.textArea("Description", name: "description", value: values["description"], rows: 2, errors: model.errors["description"]),
            NewTicketPage.unitSelect(name: "providerUnit", label: "Provider unit", choices: model.units, selected: values["providerUnit"], blank: "—",
                                     errors: model.errors["providerUnit"]),
            Forms.select("Rule", name: "rule", options: [
                Forms.Option(value: ServiceRule.all.rawValue, label: "Up when every endpoint is up (AND)"),
                Forms.Option(value: ServiceRule.anyPerGroup.rawValue, label: "Up when one endpoint of every group is up (OR within groups)"),
            ], selected: values["rule"], errors: model.errors["rule"]),
            Forms.field("Availability target (%)", name: "availabilityTarget", value: values["availabilityTarget"] ?? "99", required: true,
                        errors: model.errors["availabilityTarget"]),
            Forms.field("Reliability target (%)", name: "reliabilityTarget", value: values["reliabilityTarget"] ?? "99", required: true,
                        errors: model.errors["reliabilityTarget"]),
        ]
        for priority in TicketPriority.allCases {
            fields.append(Forms.field("Support response target, \(Format.label(priority.rawValue))", name: "target-\(priority.rawValue)",
                                      value: values["target-\(priority.rawValue)"], hint: "Working time such as 4h or 1wd; empty for none."))
        }
        fields.append(Forms.errors(model.errors["responseTargets"], for: "responseTargets"))
        fields.append(Forms.textArea("Endpoints", name: "endpoints", value: values["endpoints"], rows: 4,
                                     errors: (model.errors["endpoints"] ?? []) + model.errors.filter { $0.key.hasPrefix("endpoints[") }.flatMap(\.value)))
        fields.append(el("p", [cls("hint")], text("One a line: hostname/serviceType as GOCDB names them, optionally followed by a group name "
            + "(cclcgopsportal.in2p3.fr/egi.Portal portal).")))
        fields.append(Forms.submit(model.serviceID == nil ? "Create service" : "Save"))
        return Layout.render(title: title, context: context, active: .services, el("section", [cls("card")],
            el("h1", [], text(title)),
            model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
            Forms.post(action, context: context, fields)))
    }
}
