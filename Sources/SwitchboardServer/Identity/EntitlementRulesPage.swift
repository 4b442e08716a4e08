import Foundation
import SwitchboardCore

/// The administrators' entitlement rules: who becomes a member of which unit because their
/// sign-in provider asserts an entitlement.
enum EntitlementRulesPage: WebPage {
    struct Rule {
        var id: UUID
        var pattern: String
        var unitName: String
        var role: MembershipRole
    }

    struct Model {
        var rules: [Rule]
        var units: [Forms.Option]
        var notice: String?
        var error: String?
        var fieldErrors: [String: [String]] = [:]
        var typed: [String: String] = [:]
    }

    static func query(_ helpdesk: Helpdesk) async throws -> Model {
        Model(rules: try await helpdesk.entitlementRules.all().map { Rule(id: try $0.requireID(), pattern: $0.pattern, unitName: $0.unit.name, role: $0.role) },
              units: try await helpdesk.units.unitChoices().flatMap(\.units).map { Forms.Option(value: $0.id.uuidString, label: $0.name) })
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Entitlement rules", context: context, active: .users, group([
            el("h1", [], text("Entitlement rules")),
            el("p", [cls("hint")], text("People whose sign-in provider asserts a matching entitlement (eduperson_entitlement) are members of the unit while it does: granted and taken away at each sign-in. Memberships given by hand are never changed. A pattern without #authority matches any authority; a final * matches the rest.")),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("section", [cls("card")], model.rules.isEmpty ? el("p", [cls("empty")], text("No rules yet.")) :
                el("div", [cls("table-wrap")], el("table", [cls("table")],
                    el("thead", [], el("tr", [], ["Entitlement", "Unit", "Role", ""].map { el("th", [Attr("scope", "col")], text($0)) })),
                    el("tbody", [], model.rules.map { rule in
                        el("tr", [], el("td", [], el("code", [], text(rule.pattern))), el("td", [], text(rule.unitName)),
                           el("td", [], text(Format.label(rule.role.rawValue))),
                           el("td", [], Forms.post(SiteURL.removeEntitlementRule(.value(rule.id)).path, context: context, classes: "inline",
                                                   [Forms.submit("Remove", kind: "danger", confirm: "Remove the rule and the memberships it granted?")])))
                    })))),
            el("section", [cls("card"), Attr("id", "new-rule")], el("h2", [], text("Add a rule")),
                Forms.post(SiteURL.entitlementRules.path, context: context, [
                    Forms.field("Entitlement", name: "entitlement", value: model.typed["entitlement"], required: true, errors: model.fieldErrors["entitlement"],
                                hint: "e.g. urn:mace:egi.eu:group:dmsu:role=member#aai.egi.eu", id: "rule-entitlement"),
                    Forms.select("Unit", name: "unit", options: model.units, selected: model.typed["unit"], errors: model.fieldErrors["unit"], id: "rule-unit"),
                    Forms.select("Role", name: "role", options: Forms.options(MembershipRole.self), selected: model.typed["role"] ?? "member",
                                 errors: model.fieldErrors["role"], id: "rule-role"),
                    Forms.submit("Add the rule", kind: "secondary")])),
        ]))
    }
}
