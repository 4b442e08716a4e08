import Foundation
import SwitchboardCore

/// How ServicesPage looks: HTML from its model, nothing else.
extension ServicesPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let table = el("div", [cls("table-wrap")], el("table", [cls("table")],
            el("thead", [], el("tr", [], ["Service", "Provider", "Endpoints", "Targets (A / R)", "Availability \(model.month)", "Reliability \(model.month)", ""]
                .map { el("th", [Attr("scope", "col")], text($0)) })),
            el("tbody", [], model.rows.map { row in
                let service = row.service
                let id = service.id!
                return el("tr", [],
                    el("td", [], link(service.name, SiteURL.service(.value(id)).path)),
                    el("td", [], text(service.providerUnit.name)),
                    el("td", [cls("number")], text(String(service.endpoints.count))),
                    el("td", [cls("number")], text("\(SVGChart.format(service.availabilityTarget)) / \(SVGChart.format(service.reliabilityTarget))")),
                    figure(row.lastMonth.availability, target: service.availabilityTarget),
                    figure(row.lastMonth.reliability, target: service.reliabilityTarget),
                    el("td", [], link("OLA report", SiteURL.olaReport(.value(id)).path)))
            })))
        return Layout.render(title: "Services", context: context, active: .services, group([
            el("div", [cls("page-title")], el("h1", [], text("Services")),
               model.mayCreate ? link("New service", SiteURL.newService.path, [cls("button primary")]) : group([])),
            el("p", [cls("hint")], text("Availability = up / (total − unknown); reliability = up / (total − unknown − scheduled downtime), "
                + "from the monitoring results per UTC month, as EGI's monitoring (ARGO) computes them. Figures below their target are marked.")),
            model.rows.isEmpty ? el("p", [cls("empty")], text("No services yet.")) : el("section", [cls("card")], table),
        ]))
    }

    /// A percentage cell: two decimals, marked when it misses the target, "no data" when undefined.
    static func figure(_ value: Double?, target: Double) -> Markup {
        guard let value else { return el("td", [cls("number undefined")], text("no data")) }
        let missed = !StatusDurations.meets(value, target: target)
        return el("td", [cls(missed ? "number missed" : "number"), missed ? Attr("title", "Below the target of \(SVGChart.format(target)) %") : nil],
                  text(OLAReportDocument.percent(value)))
    }
}
