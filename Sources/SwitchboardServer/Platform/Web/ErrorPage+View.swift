

/// How ErrorPage looks: HTML from its model, nothing else.
extension ErrorPage {
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
