import Foundation
import SwitchboardCore

/// The requirement's part of the ticket page: its assessment among the details, and second
/// line's actions (estimate; to a product team or into the requirements queue).
extension TicketPage {
    static func loadRequirement(into model: inout Model, ticket: TicketModel, helpdesk: Helpdesk, actor: Principal) async throws {
        guard ticket.category == .requirement, model.can.seesInternal else { return }
        model.requirement = try await helpdesk.requirements.assessment(ofReadTicket: model.id)
        model.can.assessRequirement = RequirementRules.mayAssess(actor) && ticket.status.isOpen && model.requirement?.route == nil
        if model.can.assessRequirement && model.requirement?.allowedRoute == .productTeam {
            model.productTeams = try await helpdesk.units.unitChoices().first { $0.tier == .thirdLine }?.units
                .map { Forms.Option(value: $0.id.uuidString, label: $0.name) } ?? []
        }
    }

    /// The assessment's rows in the details card.
    static func requirementFacts(_ model: Model) -> [(String, Markup)] {
        guard let requirement = model.requirement else { return [] }
        var rows: [(String, Markup)] = []
        if let days = requirement.personDays {
            rows.append(("Effort", text("\(RequirementRules.format(days)) person-days (by \(requirement.estimatedBy ?? "?"))")))
        }
        rows.append(("Requirement", el("span", [Attr("id", "requirement-stage")], text(Format.label(requirement.stage.rawValue)))))
        if let id = requirement.trackerID, let url = requirement.trackerURL {
            rows.append(("Requirements queue", group([link("#\(id)", url), text(requirement.trackerStatus.map { " (\($0))" } ?? "")])))
        }
        return rows
    }

    static func requirementActions(_ model: Model, context: PageContext) -> [PlacedAction] {
        guard model.can.assessRequirement, let requirement = model.requirement else { return [] }
        let refused = model.refused
        func errors(_ action: TicketFormAction, _ name: String) -> [String]? { refused?.action == action ? refused?.fieldErrors[name] : nil }
        func typed(_ action: TicketFormAction, _ name: String) -> String? { refused?.action == action ? refused?.typed[name] : nil }
        let url = { (action: TicketFormAction) in SiteURL.ticketAction(.value(model.id), .value(action)).path }
        let threshold = RequirementRules.format(requirement.thresholdPersonDays)
        var actions = [PlacedAction(id: TicketFormAction.estimate.rawValue, title: "Estimate effort", placement: .side,
                                    form: Forms.post(url(.estimate), context: context, [
            el("p", [cls("hint")], text("Below \(threshold) person-days a requirement goes to a product team; at or above, into the requirements queue.")),
            Forms.field("Effort (person-days)", name: "personDays", value: typed(.estimate, "personDays") ?? requirement.personDays.map(RequirementRules.format),
                        type: "number", required: true, errors: errors(.estimate, "personDays"),
                        attributes: [Attr("min", "0.1"), Attr("step", "0.1"), Attr("max", String(Int(RequirementRules.maxPersonDays)))],
                        id: "estimate-personDays"),
            Forms.textArea("Internal note", name: "note", value: typed(.estimate, "note"), rows: 2, errors: errors(.estimate, "note"), id: "estimate-note"),
            Forms.submit(requirement.personDays == nil ? "Record the estimate" : "Change the estimate", kind: "secondary")]))]
        switch requirement.allowedRoute {
        case .productTeam?:
            actions.append(PlacedAction(id: TicketFormAction.requirementRoute.rawValue, title: "Assign to product team as requirement", placement: .side,
                                        form: Forms.post(url(.requirementRoute), context: context, [
                Forms.hidden("to", RequirementRoute.productTeam.rawValue),
                Forms.select("Product team", name: "supportUnit", options: model.productTeams, selected: typed(.requirementRoute, "supportUnit"),
                             includeBlank: "Choose…", errors: errors(.requirementRoute, "unit"), id: "requirement-route-unit"),
                Forms.textArea("Note for the submitter (public)", name: "note", value: typed(.requirementRoute, "note"), rows: 2,
                               errors: errors(.requirementRoute, "note"), id: "requirement-route-note"),
                Forms.submit("Assign as less urgent requirement", kind: "secondary")])))
        case .requirementsQueue?:
            actions.append(PlacedAction(id: TicketFormAction.requirementRoute.rawValue, title: "Open in the requirements queue", placement: .side,
                                        form: Forms.post(url(.requirementRoute), context: context, [
                Forms.hidden("to", RequirementRoute.requirementsQueue.rawValue),
                el("p", [cls("hint")], text("Spawns a ticket in the requirements queue with a link back; this ticket waits on hold until it is decided there.")),
                Forms.textArea("Note for the submitter (public)", name: "note", value: typed(.requirementRoute, "note"), rows: 2,
                               errors: errors(.requirementRoute, "note"), id: "requirement-route-note"),
                Forms.submit("Open in the requirements queue", kind: "secondary")])))
        case nil:
            break
        }
        return actions
    }
}
