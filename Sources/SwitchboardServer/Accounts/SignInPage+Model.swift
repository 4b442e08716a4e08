

/// The sign-in form.
enum SignInPage: WebPage {
    struct Model {
        var email: String = ""
        var message: String?
        var next: String?
    }
}
