@preconcurrency import RoutingKit
import Vapor

/// The largest request body each route accepts, known before the body is read, so that the
/// server collects a body only up to its route's limit and refuses a larger one at once (413).
/// A route that accepts more than the default says so where it is registered, with
/// `accepting(bodiesUpTo:)`; every other route takes `app.routes.defaultMaxBodySize`.
struct BodyLimits: Sendable {
    /// Built once and only read afterwards.
    nonisolated(unsafe) private let router: TrieRouter<Int>
    let defaultLimit: Int

    init(routes: Routes) {
        let router = TrieRouter(Int.self)
        let defaultLimit = routes.defaultMaxBodySize.value
        for route in routes.all {
            let limit = (route.userInfo[BodyLimits.key] as? Int) ?? defaultLimit
            let path = route.path.filter { if case .constant("") = $0 { false } else { true } }
            router.register(limit, at: [.constant(route.method.rawValue)] + path)
        }
        self.router = router
        self.defaultLimit = defaultLimit
    }

    /// The limit for a request line's method and target (query and fragment ignored).
    func limit(method: HTTPMethod, uri: String) -> Int {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var parameters = Parameters()
        let components = [method.rawValue] + path.split(separator: "/").map(String.init)
        return router.route(path: components, parameters: &parameters) ?? defaultLimit
    }

    static let key = "switchboard.maxBodyBytes"
}

extension RoutesBuilder {
    /// A POST route whose body may be larger than the default limit, up to `maxBody`.
    @discardableResult
    func post<Answer: AsyncResponseEncodable>(
        _ path: [PathComponent], acceptingBodiesUpTo maxBody: ByteCount,
        use handler: @Sendable @escaping (Request) async throws -> Answer
    ) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: maxBody), use: handler)
        route.userInfo[BodyLimits.key] = maxBody.value
        return route
    }
}
