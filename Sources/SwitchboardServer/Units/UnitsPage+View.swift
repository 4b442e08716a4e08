import Fluent
import Foundation
import SwitchboardCore

/// How UnitsPage looks: HTML from its model, nothing else.
extension UnitsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        var sections: [Markup] = []
        for tier in SupportTier.allCases.sorted() {
            let units = model.units.filter { $0.tier == tier }
            guard !units.isEmpty else { continue }
            sections.append(el("section", [cls("card")], el("h2", [], text(tier.title)),
                el("div", [cls("table-wrap")], el("table", [cls("table")],
                    el("thead", [], el("tr", [], el("th", [], text("Unit")), el("th", [], text("Part of")), el("th", [], text("Mailing list")),
                                         el("th", [], text("Service level")), el("th", [], text("Members")))),
                    el("tbody", [], units.map { unit in
                        el("tr", [], el("td", [], link(unit.name, SiteURL.unit(.value(unit.id)).path)), el("td", [], text(unit.parentName ?? "—")),
                           el("td", [], text(unit.mailingList)), el("td", [], text(unit.serviceLevel)), el("td", [cls("number")], text(String(unit.memberCount))))
                    })))))
        }
        return Layout.render(title: "Support units", context: context, active: .units, group([
            el("div", [cls("page-title")], el("h1", [], text("Support units")),
               model.mayCreate ? link("New unit", SiteURL.newUnit.path, [cls("button primary")]) : group([])),
        ] + sections))
    }
}
