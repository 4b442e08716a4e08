import Fluent
import Foundation
import SwitchboardCore

/// How UserEditPage looks: HTML from its model, nothing else.
extension UserEditPage {
    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Edit \(model.email)", context: context, active: .users, el("section", [cls("card")],
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
            el("p", [], link("Back to the users", SiteURL.users.path))))
    }
}
