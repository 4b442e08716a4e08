import Foundation
import SwitchboardCore

/// How ServiceLevelEditPage looks: HTML from its model, nothing else.
extension ServiceLevelEditPage {
    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Edit \(model.name)", context: context, active: .serviceLevels, el("section", [cls("card")],
            el("h1", [], text("Service level \(model.name)")),
            el("p", [cls("hint")], text("Tickets whose response clock is running keep the target they started with; the new targets apply from the next assignment.")),
            ServiceLevelsPage.form(action: SiteURL.editServiceLevel(.value(model.name)).path, values: model.values, errors: model.errors,
                                   nameEditable: false, submit: "Save", context: context),
            el("p", [], link("Back to the service levels", SiteURL.serviceLevels.path))))
    }

    static func values(of level: ServiceLevel) -> [String: String] {
        var values = ["description": level.description]
        for priority in TicketPriority.allCases { values[priority.rawValue] = level.target(for: priority)?.description ?? "" }
        return values
    }
}
