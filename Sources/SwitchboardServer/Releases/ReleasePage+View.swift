import Foundation
import SwitchboardCore

/// How ReleasePage looks: HTML from its model, nothing else.
extension ReleasePage {
    static func render(_ model: Model, context: PageContext) -> String {
        let title = "\(model.component) \(model.version)"
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text(title)), ReleasesPage.stageBadge(model.stage)),
            el("p", [cls("hint")], text("\(model.product) · "), link("All releases", SiteURL.releases.path)),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
        ]
        if let reason = model.reason, model.stage == .rejected {
            content.append(el("p", [], el("strong", [], text("Rejected: ")), text(reason)))
        }
        if !model.moves.isEmpty {
            content.append(el("section", [cls("card")], el("h2", [], text("Move the release")),
                Forms.post(SiteURL.releaseStage(.value(model.id)).path, context: context, [
                    Forms.select("To", name: "stage", options: model.moves.map { Forms.Option(value: $0.rawValue, label: Format.label($0.rawValue)) },
                                 selected: model.moves.first?.rawValue),
                    Forms.field("Reason", name: "reason", hint: "Required when rejecting."),
                    Forms.submit("Move"),
                ])))
        }
        content.append(ticketSection("Closed by this release", model.closed, empty: "None."))
        if model.stage != .inProduction {
            content.append(ticketSection("Waiting for this release (or a newer one)", model.waiting, empty: "No fixed ticket waits for it."))
        }
        content.append(el("section", [cls("card")], el("h2", [], text("History")),
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], ["When", "Stage", "By", "Reason"].map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], model.history.map { change in
                    el("tr", [], el("td", [], Format.time(change.at, now: context.now)),
                       el("td", [], text((change.from.map { Format.label($0.rawValue) + " → " } ?? "") + Format.label(change.to.rawValue))),
                       el("td", [], text(change.by)), el("td", [], text(change.reason ?? "")))
                })))))
        return Layout.render(title: title, context: context, active: .releases, group(content))
    }

    static func ticketSection(_ title: String, _ tickets: [Ticket], empty: String) -> Markup {
        el("section", [cls("card")], el("h2", [], text(title)),
           tickets.isEmpty ? el("p", [cls("empty")], text(empty)) :
           el("ul", [], tickets.map { ticket in
               el("li", [], link("#\(ticket.id) \(ticket.subject)", SiteURL.ticket(.value(ticket.id)).path), text(" — fixed in \(ticket.fixedVersion)"))
           }))
    }
}
