import Vapor

/// The stylesheet and the script, served by the app itself (nothing comes from the internet).
enum Assets {
    static func response(_ body: String, type: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}
