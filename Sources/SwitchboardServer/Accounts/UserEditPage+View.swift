import Fluent
import Foundation
import SwitchboardCore

/// How UserEditPage looks: HTML from its model, nothing else.
extension UserEditPage {
    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Edit \(model.email)", context: context, active: .users, group([el("section", [cls("card")],
            el("h1", [], text(model.email)),
            Forms.notice(model.notice, kind: "success"),
            model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
            Forms.post(SiteURL.editUser(.value(model.id)).path, context: context, [
                Forms.field("Display name", name: "displayName", value: model.values["displayName"], required: true, errors: model.errors["displayName"]),
                el("div", [cls("field checkbox")],
                   void("input", [Attr("type", "checkbox"), Attr("id", "field-isAdmin"), Attr("name", "isAdmin"), Attr("value", "true"),
                                  .flag("checked", model.values["isAdmin"] == "true")]),
                   el("label", [Attr("for", "field-isAdmin")], text("Administrator"))),
                Forms.errors(model.errors["isAdmin"], for: "field-isAdmin"),
                Forms.field("New password", name: "password", type: "password", errors: model.errors["password"],
                            hint: "Leave empty to keep the password. A new one signs the person out everywhere.",
                            attributes: [Attr("autocomplete", "new-password")]),
                Forms.submit("Save"),
            ]),
            el("p", [], link("Back to the users", SiteURL.users.path))),
            model.providers.isEmpty && model.identities.isEmpty ? group([]) : identities(model, context: context)]))
    }

    static func identities(_ model: Model, context: PageContext) -> Markup {
        el("section", [cls("card"), Attr("id", "identities")],
            el("h2", [], text("Sign-in identities")),
            Forms.notice(model.identityError),
            model.identities.isEmpty ? el("p", [cls("empty")], text("No identity at a sign-in provider is linked to this account.")) :
            el("ul", [cls("plain-list")], model.identities.map { identity in
                el("li", [],
                   el("strong", [], text(identity.providerName)), text(" · \(identity.subject)"),
                   identity.email.map { text(" · \($0)") } ?? group([]),
                   el("div", [cls("hint")], text(identity.lastSignInAt.map { "Last sign-in \(Format.absolute($0))" } ?? "Not signed in since it was linked"),
                      text(identity.virtualOrganisations.isEmpty ? "" : " · VOs: \(identity.virtualOrganisations.joined(separator: ", "))")),
                   Forms.post(SiteURL.unlinkIdentity(user: .value(model.id), identity: .value(identity.id)).path, context: context, classes: "inline",
                              [Forms.submit("Unlink", kind: "danger", confirm: "Unlink this identity? The person can no longer sign in with it.")]))
            }),
            model.pendingLinks.isEmpty ? group([]) : group([
                el("h3", [], text("Waiting for the account's password")),
                el("p", [cls("hint")], text("These identities carried this account's address at a sign-in. Link one only when you know it is this person's.")),
                el("ul", [cls("plain-list")], model.pendingLinks.map { pending in
                    el("li", [], el("strong", [], text(pending.providerName)), text(" · \(pending.subject) · \(Format.absolute(pending.createdAt))"),
                       Forms.post(SiteURL.userIdentities(.value(model.id)).path, context: context, classes: "inline", [
                           Forms.hidden("issuer", pending.issuer), Forms.hidden("subject", pending.subject), Forms.submit("Link", kind: "secondary")]))
                }),
            ]),
            model.providers.isEmpty ? group([]) : el("details", [],
                el("summary", [], text("Link an identity")),
                Forms.post(SiteURL.userIdentities(.value(model.id)).path, context: context, [
                    Forms.select("Provider", name: "issuer", options: model.providers, selected: nil, id: "identity-issuer"),
                    Forms.field("Subject (sub)", name: "subject", required: true, hint: "The identifier the provider gives the person (e.g. 1234abcd@egi.eu).",
                                id: "identity-subject"),
                    Forms.submit("Link", kind: "secondary")])))
    }
}
