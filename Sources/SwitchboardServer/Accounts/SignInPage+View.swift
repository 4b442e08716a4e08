

/// How SignInPage looks: HTML from its model, nothing else.
extension SignInPage {
    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Sign in", context: context, el("section", [cls("narrow card")],
            el("h1", [], text("Sign in")),
            Forms.notice(model.message),
            Forms.post(SiteURL.signIn.path, context: context, [
                Forms.field("Email address", name: "email", value: model.email, type: "email", required: true,
                            attributes: [Attr("autocomplete", "username"), Attr("autofocus", nil)]),
                Forms.field("Password", name: "password", type: "password", required: true, attributes: [Attr("autocomplete", "current-password")]),
                model.next.map { Forms.hidden("next", $0) } ?? group([]),
                Forms.submit("Sign in"),
            ])
        ))
    }
}
