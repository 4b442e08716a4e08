import Foundation

/// How AccountPage looks: HTML from its model, nothing else.
extension AccountPage {
    static func render(_ model: Model, context: PageContext) -> String {
        let tokenRows: [Markup] = model.tokens.map { token in
            el("tr", [],
               el("td", [], text(token.name)),
               el("td", [], Format.time(token.createdAt, now: context.now)),
               el("td", [], token.revokedAt.map { Format.time($0, now: context.now) } ?? text("active")),
               el("td", [], token.revokedAt == nil
                  ? Forms.post(SiteURL.revokeToken(.value(token.id)).path, context: context, classes: "inline", [Forms.submit("Revoke", kind: "danger small", confirm: "Really revoke this token? Programs using it will stop working.")])
                  : group([])))
        }
        return Layout.render(title: "Account", context: context, active: .account, group([
            el("h1", [], text("Your account")),
            Forms.notice(model.notice, kind: "success"),
            el("section", [cls("card")],
               el("dl", [cls("facts")],
                  el("dt", [], text("Name")), el("dd", [], text(model.displayName)),
                  el("dt", [], text("Email")), el("dd", [], text(model.email)),
                  el("dt", [], text("Support units")),
                  el("dd", [], text(model.memberships.isEmpty ? "none" : model.memberships.map { "\($0.unit) (\($0.role))" }.joined(separator: ", "))),
                  model.identities.isEmpty ? group([]) : group([
                      el("dt", [], text("Signs in with")),
                      el("dd", [], text(model.identities.map { "\($0.provider) (\($0.subject))" }.joined(separator: ", "))),
                      el("dt", [], text("VOs")),
                      el("dd", [], text(model.virtualOrganisations.isEmpty ? "none asserted" : model.virtualOrganisations.joined(separator: ", "))),
                  ]))),
            el("section", [cls("card")],
               el("h2", [], text("Mail")),
               Forms.post(SiteURL.accountMail.path, context: context, [
                   el("div", [cls("field checkbox")],
                      void("input", [Attr("type", "checkbox"), Attr("id", "field-notifyOwnChanges"), Attr("name", "notifyOwnChanges"),
                                     Attr("value", "true"), .flag("checked", model.notifyOwnChanges)]),
                      el("label", [Attr("for", "field-notifyOwnChanges")], text("Mail me about my own changes too"))),
                   Forms.submit("Save", kind: "secondary"),
               ])),
            !model.hasPassword ? group([]) : el("section", [cls("card")],
               el("h2", [], text("Change password")),
               Forms.post(SiteURL.accountPassword.path, context: context, [
                   Forms.field("Current password", name: "current", type: "password", required: true, errors: model.passwordErrors["current"],
                               attributes: [Attr("autocomplete", "current-password")]),
                   Forms.field("New password", name: "new", type: "password", required: true, errors: model.passwordErrors["new"],
                               hint: "At least 10 characters.", attributes: [Attr("autocomplete", "new-password")]),
                   Forms.submit("Change password"),
               ])),
            el("section", [cls("card")],
               el("h2", [], text("API tokens")),
               model.newToken.map { token in
                   el("div", [cls("notice success"), Attr("role", "status")],
                      el("p", [], text("Your new token — copy it now, it is shown only once:")),
                      el("code", [cls("token")], text(token)))
               } ?? group([]),
               model.tokens.isEmpty ? el("p", [], text("You have no API tokens.")) :
                   el("table", [cls("table")],
                      el("thead", [], el("tr", [], el("th", [], text("Name")), el("th", [], text("Created")), el("th", [], text("Status")), el("th", [], text("")))),
                      el("tbody", [], tokenRows)),
               Forms.post(SiteURL.accountTokens.path, context: context, classes: "form inline-form", [
                   Forms.field("Token name", name: "name", required: true, errors: model.tokenNameErrors, hint: "For example the machine that will use it."),
                   Forms.submit("Create token", kind: "secondary"),
               ])),
        ]))
    }
}
