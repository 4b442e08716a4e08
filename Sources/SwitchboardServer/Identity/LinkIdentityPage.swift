import Foundation

/// A federated sign-in whose address belongs to a local account: the owner confirms with the
/// account's password before the identity is linked (nobody takes an account over by
/// claiming its address at a provider).
enum LinkIdentityPage: WebPage {
    struct Model {
        var email: String
        var providerName: String
        var message: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.render(title: "Link your account", context: context, el("section", [cls("narrow card")],
            el("h1", [], text("Link your account")),
            Forms.notice(model.message),
            el("p", [], text("An account for \(model.email) exists here already. If it is yours, enter its password to sign in with \(model.providerName) from now on.")),
            el("p", [cls("hint")], text("If it has no password or is not yours, ask the helpdesk's administrators to link it.")),
            Forms.post(SiteURL.signInLink.path, context: context, [
                Forms.field("Password of \(model.email)", name: "password", type: "password", required: true,
                            attributes: [Attr("autocomplete", "current-password"), Attr("autofocus", nil)]),
                Forms.submit("Link and sign in"),
            ]),
            el("p", [], link("Cancel", SiteURL.signIn.path))))
    }
}
