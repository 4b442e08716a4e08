import Foundation
import SwitchboardCore

/// How RequirementsPage looks: HTML from its model, nothing else.
extension RequirementsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let threshold = RequirementRules.format(model.thresholdPersonDays)
        let filters: [(String, RequirementStage?)] = [("All", nil)] + RequirementStage.allCases.map { (Format.label($0.rawValue), $0) }
        return Layout.render(title: "Requirements", context: context, active: .requirements, group([
            el("div", [cls("page-title")], el("h1", [], text("Requirements")),
               model.maySync ? Forms.post(SiteURL.requirementsSync.path, context: context, classes: "inline", [
                   Forms.submit("Read the requirements queue now", kind: "secondary")]) : group([])),
            el("p", [cls("hint")], text("Second line estimates each requirement's effort. Below \(threshold) person-days it goes to a product team as a less urgent ticket; "
                + "at or above, it is opened in the requirements queue\(model.queueURL.map { " (\($0))" } ?? " (none is configured)"), and this helpdesk reads its decision back.")),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("nav", [cls("choices"), Attr("aria-label", "Stage")], filters.map { label, stage in
                let url = stage.map { SiteURL.requirements.with(query: [("stage", $0.rawValue)]) } ?? SiteURL.requirements.path
                return link(label, url, [model.stage == stage ? Attr("aria-current", "page") : nil, cls("button secondary")])
            }),
            el("section", [cls("card")],
               model.rows.isEmpty ? el("p", [cls("empty")], text("No requirements.")) :
                el("div", [cls("table-wrap")], el("table", [cls("table"), Attr("id", "requirement-report")],
                    el("caption", [cls("visually-hidden")], text("Requirements, newest first")),
                    el("thead", [], el("tr", [], ["Ticket", "Status", "Unit", "Effort", "Stage", "Requirements queue", "Opened"]
                        .map { el("th", [Attr("scope", "col")], text($0)) })),
                    el("tbody", [], model.rows.map { row in
                        el("tr", [],
                           el("td", [], link("#\(row.ticketID) \(row.subject)", SiteURL.ticket(.value(row.ticketID)).path)),
                           el("td", [], Format.status(row.status)),
                           el("td", [], text(row.unitName)),
                           el("td", [cls("number")], text(row.personDays.map { "\(RequirementRules.format($0)) d" } ?? "—")),
                           el("td", [], text(Format.label(row.stage.rawValue))),
                           el("td", [], row.trackerID.map { id in
                               group([link("#\(id)", row.trackerURL ?? "#"), text(row.trackerStatus.map { " (\($0))" } ?? "")])
                           } ?? text("—")),
                           el("td", [], Format.time(row.createdAt, now: context.now)))
                    })))),
        ]))
    }
}
