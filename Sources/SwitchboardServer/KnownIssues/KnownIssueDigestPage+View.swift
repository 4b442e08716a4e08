import Foundation
import SwitchboardCore

/// How KnownIssueDigestPage looks: HTML from its model, nothing else.
extension KnownIssueDigestPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let since = [("since", model.sinceDay)]
        let sections = model.content.sections
        var content: [Markup] = [
            el("p", [cls("ticket-number")], link("Known issues", SiteURL.knownIssues.path), text(" › Digest")),
            el("h1", [], text(model.content.title)),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("form", [Attr("method", "get"), Attr("action", SiteURL.knownIssueDigest.path), cls("form inline-form compact"), Attr("id", "digest-since")],
               Forms.field("Since", name: "since", value: model.sinceDay, type: "date", required: true, hint: "From the start of that day (UTC).",
                           id: "digest-since-day"),
               Forms.submit("Show", kind: "secondary")),
            el("p", [cls("hint"), Attr("id", "digest-files")], text("The same digest as "),
               link("Markdown", SiteURL.knownIssueDigestFile(.value("markdown")).with(query: since)), text(" (to paste into a wiki), "),
               link("plain text", SiteURL.knownIssueDigestFile(.value("text")).with(query: since)), text(" or "),
               link("JSON", SiteURL.knownIssueDigestFile(.value("json")).with(query: since)), text("."),
               model.includesDrafts ? text(" Drafts are shown to supporters only and are never mailed.") : group([])),
        ]
        if model.mayMail {
            content.append(model.mailAddress.map { address in
                Forms.post(SiteURL.knownIssueDigestMail.path, context: context, classes: "form inline-form", id: "digest-mail", [
                    Forms.hidden("since", model.sinceDay),
                    Forms.submit("Mail the published issues to \(address)", kind: "secondary")])
            } ?? el("p", [cls("hint")], text("No operations list is configured (SWITCHBOARD_KNOWN_ISSUES_LIST), so the digest is not mailed from here.")))
        }
        if sections.isEmpty {
            content.append(el("section", [cls("card")], el("p", [cls("empty")], text("No known issue was opened, changed or resolved since \(model.sinceDay)."))))
        }
        for (section, issues) in sections {
            content.append(el("section", [cls("card"), Attr("id", "digest-\(section.rawValue)")], [el("h2", [], text("\(section.title) (\(issues.count))"))]
                + issues.map { issue in
                    el("article", [cls("digest-issue")],
                       el("h3", [], link("KI-\(issue.number): \(issue.title)", SiteURL.knownIssue(.value(issue.number)).path)),
                       el("dl", [cls("facts")], KnownIssueDigest.facts(issue, zone: KnownIssueOperations.digestZone).flatMap { [el("dt", [], text($0.0)), el("dd", [], TicketPage.paragraphs($0.1))] }))
                }))
        }
        return Layout.render(title: "Known-issue digest", context: context, active: .knownIssues, group(content))
    }
}
