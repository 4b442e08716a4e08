

/// 403, 404 and every other error, without internals.
enum ErrorPage: WebPage {
    struct Model {
        var status: Int
        var title: String
        var message: String
    }
}
