
/// How SignInPage looks: HTML from its model, nothing else.
extension SignInPage {
    static func render(_ model: Model, context: PageContext) -> String {
        var content: [Markup] = [el("h1", [], text("Sign in")), Forms.notice(model.message)]
        if !model.providers.isEmpty {
            content.append(el("ul", [cls("sign-in-providers")], model.providers.map { provider in
                let url = model.next.map { SiteURL.signInProvider(.value(provider.key)).with(query: [("next", $0)]) }
                    ?? SiteURL.signInProvider(.value(provider.key)).path
                return el("li", [], link("Sign in with \(provider.name)", url, [cls("button primary")]))
            }))
        }
        if model.passwordSignIn {
            if !model.providers.isEmpty { content.append(el("p", [cls("hint")], text("Or with your password here:"))) }
            content.append(Forms.post(SiteURL.signIn.path, context: context, [
                Forms.field("Email address", name: "email", value: model.email, type: "email", required: true,
                            attributes: [Attr("autocomplete", "username"), model.providers.isEmpty ? Attr("autofocus", nil) : nil]),
                Forms.field("Password", name: "password", type: "password", required: true, attributes: [Attr("autocomplete", "current-password")]),
                model.next.map { Forms.hidden("next", $0) } ?? group([]),
                Forms.submit(model.providers.isEmpty ? "Sign in" : "Sign in with password", kind: model.providers.isEmpty ? "primary" : "secondary"),
            ]))
        }
        return Layout.render(title: "Sign in", context: context, el("section", [cls("narrow card")], group(content)))
    }
}
