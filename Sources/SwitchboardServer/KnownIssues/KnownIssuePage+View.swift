import Foundation
import SwitchboardCore

/// How KnownIssuePage looks: HTML from its model, nothing else.
extension KnownIssuePage {
    static func render(_ model: Model, context: PageContext) -> String {
        let issue = model.detail.issue
        let number = issue.id!
        var facts: [(String, Markup)] = [
            ("Components", text(issue.componentList.isEmpty ? "—" : issue.componentList.joined(separator: ", "))),
            ("Versions", text(issue.versionList.isEmpty ? "—" : issue.versionList.joined(separator: ", "))),
            ("Documented", group([Format.time(issue.createdAt, now: context.now), text(" by \(issue.createdBy)")])),
            ("Updated", Format.time(issue.updatedAt, now: context.now)),
        ]
        if let resolvedAt = issue.resolvedAt, issue.state == .resolved {
            facts.append(("Resolved", group([Format.time(resolvedAt, now: context.now), text(issue.resolution.map { ": \($0)" } ?? "")])))
        }
        var content: [Markup] = [
            el("p", [cls("ticket-number")], link("Known issues", SiteURL.knownIssues.path), text(" › KI-\(number)")),
            el("h1", [], text(issue.title)),
            el("div", [cls("badges")], stateBadges(issue)),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("section", [cls("card issue-text"), Attr("id", "known-issue")],
               el("h2", [], text("Symptoms")), TicketPage.paragraphs(issue.symptoms),
               el("h2", [], text("Impact")), TicketPage.paragraphs(issue.impact),
               el("h2", [], text("Workaround")), issue.workaround.map { TicketPage.paragraphs($0) } ?? el("p", [cls("empty")], text("None known.")),
               el("dl", [cls("facts")], facts.flatMap { [el("dt", [], text($0.0)), el("dd", [], $0.1)] })),
        ]
        if model.mayKeep { content += keeperSections(model, context: context) }
        return Layout.render(title: "KI-\(number) \(issue.title)", context: context, active: .knownIssues, group(content))
    }

    static func stateBadges(_ issue: KnownIssueModel) -> Markup {
        group([el("span", [cls("badge state-\(issue.state.rawValue)")], text(issue.state == .open ? "Open" : "Resolved")),
               issue.published ? group([]) : el("span", [cls("badge flag"), Attr("title", "Read by supporters only")], text("Draft"))])
    }

    static func keeperSections(_ model: Model, context: PageContext) -> [Markup] {
        let issue = model.detail.issue
        let number = issue.id!
        func url(_ action: Action) -> String { SiteURL.knownIssueAction(.value(number), .value(action.rawValue)).path }
        func errors(_ action: Action, _ field: String) -> [String]? { model.refused == action ? model.fieldErrors[field] : nil }
        func typed(_ action: Action, _ field: String) -> String? { model.refused == action ? model.typed[field] : nil }
        func disclosed(_ action: Action, _ title: String, _ form: Markup) -> Markup {
            el("details", [cls("action"), Attr("id", "action-\(action.rawValue)"), .flag("open", model.refused == action)], el("summary", [], text(title)), form)
        }
        let tickets = el("section", [cls("card"), Attr("id", "known-issue-tickets")], el("h2", [], text("Tickets (\(model.detail.tickets.count))")),
            model.detail.tickets.isEmpty ? el("p", [cls("empty")], text("No ticket is linked.")) :
            el("ul", [cls("plain-list")], model.detail.tickets.map { ticket in
                el("li", [], link("#\(ticket)", SiteURL.ticket(.value(ticket)).path), text(" "),
                   Forms.post(url(.unlink), context: context, classes: "inline", [Forms.hidden("ticket", String(ticket)),
                       el("button", [Attr("type", "submit"), cls("link-button"), Attr("aria-label", "Unlink ticket #\(ticket)")], text("unlink"))]))
            }),
            Forms.post(url(.link), context: context, classes: "form inline-form", [
                Forms.field("Link a ticket", name: "ticket", value: typed(.link, "ticket"), type: "number", required: true, errors: errors(.link, "ticket"),
                            attributes: [Attr("min", "1")], id: "link-ticket"),
                Forms.submit("Link", kind: "secondary")]))
        let edit = disclosed(.edit, "Edit", Forms.post(url(.edit), context: context, [
            Forms.field("Title", name: "title", value: typed(.edit, "title") ?? issue.title, required: true, errors: errors(.edit, "title"), id: "edit-title"),
            Forms.textArea("Symptoms", name: "symptoms", value: typed(.edit, "symptoms") ?? issue.symptoms, required: true, rows: 4,
                           errors: errors(.edit, "symptoms"), id: "edit-symptoms"),
            Forms.textArea("Impact", name: "impact", value: typed(.edit, "impact") ?? issue.impact, required: true, rows: 3,
                           errors: errors(.edit, "impact"), id: "edit-impact"),
            Forms.textArea("Workaround", name: "workaround", value: typed(.edit, "workaround") ?? issue.workaround, rows: 3,
                           errors: errors(.edit, "workaround"), id: "edit-workaround"),
            Forms.field("Affected components", name: "components", value: typed(.edit, "components") ?? issue.componentList.joined(separator: ", "),
                        errors: errors(.edit, "components"), hint: "Separated by commas.", id: "edit-components"),
            Forms.field("Affected versions", name: "versions", value: typed(.edit, "versions") ?? issue.versionList.joined(separator: ", "),
                        errors: errors(.edit, "versions"), hint: "Separated by commas.", id: "edit-versions"),
            Forms.select("Who reads it", name: "published", options: [
                Forms.Option(value: "false", label: "supporters only (a draft)"), Forms.Option(value: "true", label: "everyone (published)")],
                         selected: typed(.edit, "published") ?? String(issue.published), id: "edit-published"),
            Forms.submit("Save", kind: "secondary")]))
        let state = issue.state == .open
            ? disclosed(.resolve, "Resolve", Forms.post(url(.resolve), context: context, [
                Forms.textArea("How it was resolved", name: "resolution", value: typed(.resolve, "resolution"), required: true, rows: 2,
                               errors: errors(.resolve, "resolution"), id: "resolve-resolution"),
                Forms.submit("Resolve", kind: "secondary")]))
            : disclosed(.reopen, "Reopen", Forms.post(url(.reopen), context: context, [
                el("p", [cls("hint")], text("It came back: the issue is open again and in the next digest.")), Forms.submit("Reopen", kind: "secondary")]))
        return [tickets, el("section", [cls("card more-actions")], el("h2", [], text("Keep this issue")), edit, state)]
    }
}
