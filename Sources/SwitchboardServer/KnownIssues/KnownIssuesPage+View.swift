import Foundation
import SwitchboardCore

/// How KnownIssuesPage looks: HTML from its model, nothing else.
extension KnownIssuesPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let filters: [(String, KnownIssueState?)] = [("All", nil), ("Open", .open), ("Resolved", .resolved)]
        return Layout.render(title: "Known issues", context: context, active: .knownIssues, group([
            el("div", [cls("page-title")], el("h1", [], text("Known issues")),
               link("Digest for the operations meeting", SiteURL.knownIssueDigest.path, [cls("button secondary")])),
            el("p", [cls("hint")], text(model.mayKeep
                ? "Problems that affect more than one submitter, with their symptoms, impact and workaround. Document one from a ticket (More actions › Document as known issue); drafts are read by supporters only."
                : "Problems that affect more than one user, with their symptoms, impact and workaround.")),
            el("nav", [cls("choices"), Attr("aria-label", "State")], filters.map { label, state in
                let url = state.map { SiteURL.knownIssues.with(query: [("state", $0.rawValue)]) } ?? SiteURL.knownIssues.path
                return link(label, url, [model.state == state ? Attr("aria-current", "page") : nil, cls("button secondary")])
            }),
            el("section", [cls("card")],
               model.issues.isEmpty ? el("p", [cls("empty")], text("No known issues.")) :
                el("div", [cls("table-wrap")], el("table", [cls("table"), Attr("id", "known-issue-list")],
                    el("caption", [cls("visually-hidden")], text("Known issues, open ones first")),
                    el("thead", [], el("tr", [], ["Issue", "State", "Components", "Updated"].map { el("th", [Attr("scope", "col")], text($0)) })),
                    el("tbody", [], model.issues.map { detail in
                        let issue = detail.issue
                        return el("tr", [], el("td", [], link("KI-\(issue.id!): \(issue.title)", SiteURL.knownIssue(.value(issue.id!)).path)),
                                  el("td", [], KnownIssuePage.stateBadges(issue)),
                                  el("td", [], text(issue.componentList.joined(separator: ", "))),
                                  el("td", [], Format.time(issue.updatedAt, now: context.now)))
                    })))),
        ]))
    }
}
