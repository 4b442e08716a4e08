import Foundation
import SwitchboardCore

/// How ReleasesPage looks: HTML from its model, nothing else.
extension ReleasesPage {
    static func render(_ model: Model, context: PageContext) -> String {
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text("Releases")), link("Product catalogue", SiteURL.products.path, [cls("button secondary")])),
            el("p", [cls("hint")], text("A fixed ticket waits with the release unit until a release of its component with the fixed version or a newer one reaches production; then it is closed.")),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
        ]
        if let queue = model.queue { content.append(queueSection(queue, now: context.now)) }
        content.append(repositoriesSection(model, context: context))
        if model.mayAnnounce { content.append(announceSection(model, context: context)) }
        content.append(el("section", [cls("card")], el("h2", [], text("Releases")),
            model.releases.isEmpty ? el("p", [cls("empty")], text("No releases yet.")) :
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("caption", [cls("visually-hidden")], text("Releases, latest change first")),
                el("thead", [], el("tr", [], ["Component", "Version", "Product", "Stage", "Since"].map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], model.releases.map { release in
                    el("tr", [], el("td", [], text(release.component)),
                       el("td", [], link(release.version, SiteURL.release(.value(release.id)).path)),
                       el("td", [], text(release.product)), el("td", [], stageBadge(release.stage)),
                       el("td", [], Format.time(release.changedAt, now: context.now)))
                })))))
        return Layout.render(title: "Releases", context: context, active: .releases, group(content))
    }

    static func stageBadge(_ stage: ReleaseStage) -> Markup {
        el("span", [cls("badge stage-\(stage.rawValue)")], text(Format.label(stage.rawValue)))
    }

    static func queueSection(_ queue: ReleaseQueue, now: Date) -> Markup {
        let title = "Waiting for a release" + (queue.unitName.map { " (\($0))" } ?? "")
        guard !queue.groups.isEmpty else {
            return el("section", [cls("card")], el("h2", [], text(title)), el("p", [cls("empty")], text("No fixed ticket is waiting.")))
        }
        let overdue = queue.overdueCount
        return el("section", [cls("card"), Attr("id", "queue")], el("h2", [], text(title)),
            overdue > 0 ? Forms.notice("\(overdue) ticket\(overdue == 1 ? " has" : "s have") waited longer than \(queue.limitDays) days: \(overdue == 1 ? "it has" : "they have") missed a typical release cycle.", kind: "warning") : group([]),
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("caption", [cls("visually-hidden")], text("Fixed tickets by component and version")),
                el("thead", [], el("tr", [], ["Component", "Fixed in", "Ticket", "Priority", "Waiting"].map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], queue.groups.flatMap { group in
                    group.tickets.map { ticket in
                        el("tr", [ticket.overdue ? cls("overdue") : nil],
                           el("td", [], text(group.component)), el("td", [], text(group.version)),
                           el("td", [], link("#\(ticket.id) \(ticket.subject)", SiteURL.ticket(.value(ticket.id)).path)),
                           el("td", [], Format.priority(ticket.priority)),
                           el("td", [], text("\(ticket.waitingDays) day\(ticket.waitingDays == 1 ? "" : "s")"),
                              ticket.overdue ? el("span", [cls("badge flag")], text(SweepFlag.missedReleaseCycle.title)) : SwitchboardServer.group([])))
                    }
                }))))
    }

    static func repositoriesSection(_ model: Model, context: PageContext) -> Markup {
        var children: [Markup] = [el("h2", [], text("Repositories"))]
        if model.repositories.isEmpty {
            children.append(el("p", [cls("empty")], text("No repositories are configured (SWITCHBOARD_RELEASE_REPOSITORIES); releases move by hand.")))
        } else {
            children.append(el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], ["Repository", "Stage", "Last read", "Packages", "Problem"].map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], model.repositories.map { repository in
                    el("tr", [], el("td", [], text(repository.name), el("div", [cls("hint")], text(repository.url))),
                       el("td", [], stageBadge(repository.stage)),
                       el("td", [], repository.lastSuccessAt.map { Format.time($0, now: context.now) } ?? text("never")),
                       el("td", [], text(repository.packageCount.map(String.init) ?? "—")),
                       el("td", [], repository.lastError.map { el("span", [cls("error-text")], text($0)) } ?? text("—")))
                }))))
            if model.maySync {
                children.append(Forms.post(SiteURL.releaseSync.path, context: context, classes: "inline", [Forms.submit("Sync now", kind: "secondary")]))
            }
        }
        return el("section", [cls("card")], children)
    }

    static func announceSection(_ model: Model, context: PageContext) -> Markup {
        el("section", [cls("card")], el("h2", [], text("Announce a release")),
           Forms.post(SiteURL.releases.path, context: context, [
               Forms.select("Component", name: "component", options: model.components, selected: model.values["component"], errors: model.errors["component"]),
               Forms.field("Version", name: "version", value: model.values["version"], required: true, errors: model.errors["version"],
                           hint: "[epoch:]version[-release], e.g. 9.2.15 or 9.2.15-1.el9"),
               Forms.submit("Announce"),
           ]))
    }
}
