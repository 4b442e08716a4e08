import Foundation
import SwitchboardCore

/// The known issues' part of the ticket page: the issues it is linked to among the details,
/// and the supporters' actions (document one from the ticket; link it to an open one).
extension TicketPage {
    static func loadKnownIssues(into model: inout Model, helpdesk: Helpdesk, actor: Principal) async throws {
        model.knownIssues = try await helpdesk.knownIssues.issues(ofTicket: model.id, for: actor)
            .map { (number: $0.id!, title: $0.title, state: $0.state, published: $0.published) }
        model.can.keepKnownIssues = KnownIssueOperations.mayKeep(actor)
        if model.can.keepKnownIssues {
            let linked = Set(model.knownIssues.map(\.number))
            model.openKnownIssues = try await helpdesk.knownIssues.openIssues(for: actor)
                .filter { !linked.contains($0.id!) }
                .map { Forms.Option(value: String($0.id!), label: "KI-\($0.id!): \($0.title)") }
        }
    }

    static func knownIssueFacts(_ model: Model) -> [(String, Markup)] {
        guard !model.knownIssues.isEmpty else { return [] }
        return [("Known issues", el("span", [Attr("id", "known-issues")], model.knownIssues.map { issue in
            el("span", [cls("link-item")], link("KI-\(issue.number)", SiteURL.knownIssue(.value(issue.number)).path),
               text(" \(issue.title)\(issue.state == .resolved ? " (resolved)" : "")\(issue.published ? "" : " (draft)")"))
        }))]
    }

    static func knownIssueActions(_ model: Model, context: PageContext) -> [PlacedAction] {
        guard model.can.keepKnownIssues else { return [] }
        let refused = model.refused
        func errors(_ action: TicketFormAction, _ name: String) -> [String]? { refused?.action == action ? refused?.fieldErrors[name] : nil }
        func typed(_ action: TicketFormAction, _ name: String) -> String? { refused?.action == action ? refused?.typed[name] : nil }
        let url = { (action: TicketFormAction) in SiteURL.ticketAction(.value(model.id), .value(action)).path }
        // One disclosure for both: link to an open issue, or document a new one.
        var forms: [Markup] = []
        if !model.openKnownIssues.isEmpty {
            forms.append(Forms.post(url(.linkKnownIssue), context: context, classes: "form inline-form", [
                Forms.select("Link to an open known issue", name: "knownIssue", options: model.openKnownIssues, selected: typed(.linkKnownIssue, "knownIssue"),
                             includeBlank: "Choose…", errors: errors(.linkKnownIssue, "knownIssue"), id: "link-known-issue-number"),
                Forms.submit("Link", kind: "secondary")]))
        }
        forms.append(Forms.post(url(.knownIssue), context: context, id: "document-known-issue", [
            el("p", [cls("hint")], text(forms.isEmpty
                ? "For a problem that affects more than this submitter: it goes into the digest for the operations meeting."
                : "Or document a new one (it goes into the digest for the operations meeting):")),
            Forms.field("Title", name: "title", value: typed(.knownIssue, "title") ?? model.subject, required: true,
                        errors: errors(.knownIssue, "title"), id: "known-issue-title"),
            Forms.textArea("Symptoms", name: "symptoms", value: typed(.knownIssue, "symptoms") ?? model.description, required: true, rows: 3,
                           errors: errors(.knownIssue, "symptoms"), id: "known-issue-symptoms"),
            Forms.textArea("Impact", name: "impact", value: typed(.knownIssue, "impact"), required: true, rows: 2,
                           errors: errors(.knownIssue, "impact"), id: "known-issue-impact"),
            Forms.textArea("Workaround", name: "workaround", value: typed(.knownIssue, "workaround"), rows: 2,
                           errors: errors(.knownIssue, "workaround"), id: "known-issue-workaround"),
            Forms.field("Affected components", name: "components", value: typed(.knownIssue, "components") ?? model.fieldValues[.component],
                        errors: errors(.knownIssue, "components"), hint: "Separated by commas.", id: "known-issue-components"),
            Forms.field("Affected versions", name: "versions", value: typed(.knownIssue, "versions") ?? model.fieldValues[.componentVersion],
                        errors: errors(.knownIssue, "versions"), hint: "Separated by commas.", id: "known-issue-versions"),
            Forms.select("Who reads it", name: "published", options: [
                Forms.Option(value: "false", label: "supporters only (a draft)"), Forms.Option(value: "true", label: "everyone (published)")],
                         selected: typed(.knownIssue, "published") ?? "false", id: "known-issue-published"),
            Forms.submit("Create the known issue", kind: "secondary")]))
        return [PlacedAction(id: TicketFormAction.knownIssue.rawValue, title: "Known issue", placement: .side, form: group(forms),
                             holds: [.linkKnownIssue])]
    }
}
