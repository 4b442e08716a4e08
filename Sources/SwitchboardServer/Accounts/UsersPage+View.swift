import Fluent
import Foundation
import SwitchboardCore

/// How UsersPage looks: HTML from its model, nothing else.
extension UsersPage {
    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Users", context: context, active: .users, group([
            el("div", [cls("page-title")], el("h1", [], text("Users")),
               link("Entitlement rules", SiteURL.entitlementRules.path, [cls("button secondary")])),
            Forms.notice(model.notice, kind: "success"),
            el("section", [cls("card")], el("h2", [], text("Create a user")),
               model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
               Forms.post(SiteURL.users.path, context: context, [
                   el("div", [cls("grid")],
                      Forms.field("Email address", name: "email", value: model.values["email"], type: "email", required: true, errors: model.errors["email"]),
                      Forms.field("Display name", name: "displayName", value: model.values["displayName"], required: true, errors: model.errors["displayName"]),
                      Forms.field("Initial password", name: "password", type: "password", required: true, errors: model.errors["password"],
                                  hint: "At least 10 characters; ask the person to change it.", attributes: [Attr("autocomplete", "new-password")])),
                   el("div", [cls("field checkbox")],
                      void("input", [Attr("type", "checkbox"), Attr("id", "field-isAdmin"), Attr("name", "isAdmin"), Attr("value", "true"),
                                     .flag("checked", model.values["isAdmin"] == "true")]),
                      el("label", [Attr("for", "field-isAdmin")], text("Administrator"))),
                   Forms.submit("Create user"),
               ])),
            el("section", [cls("card")], el("h2", [], text("Accounts")),
               el("div", [cls("table-wrap")], el("table", [cls("table")],
                  el("thead", [], el("tr", [], el("th", [], text("Name")), el("th", [], text("Email")), el("th", [], text("Units")), el("th", [], text("Role")))),
                  el("tbody", [], model.users.map { user in
                      el("tr", [], el("td", [], link(user.name, SiteURL.editUser(.value(user.id)).path)), el("td", [], text(user.email)),
                         el("td", [], text(user.units.joined(separator: ", "))), el("td", [], text(user.isAdmin ? "administrator" : user.units.isEmpty ? "submitter" : "supporter")))
                  })))),
        ]))
    }
}
