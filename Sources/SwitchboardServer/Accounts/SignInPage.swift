/// The sign-in form.
enum SignInPage: WebPage {
    struct Model {
        var email: String = ""
        var message: String?
        var next: String?
    }

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

/// 403, 404 and every other error, without internals.
enum ErrorPage: WebPage {
    struct Model {
        var status: Int
        var title: String
        var message: String
    }

    static func model(status: Int, message: String) -> Model {
        switch status {
        case 403: Model(status: status, title: "Not allowed", message: message)
        case 404: Model(status: status, title: "Not found", message: message)
        case 429: Model(status: status, title: "Too many attempts", message: message)
        case 500...: Model(status: status, title: "Something went wrong", message: "The helpdesk could not complete the request. Please try again; if it keeps happening, tell your administrator the time it happened.")
        default: Model(status: status, title: "That did not work", message: message)
        }
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: model.title, context: context, el("section", [cls("narrow card error-page")],
            el("p", [cls("error-code")], text("Error \(model.status)")),
            el("h1", [], text(model.title)),
            el("p", [], text(model.message)),
            el("p", [], link("Back to the start page", SiteURL.home.path))
        ))
    }
}
