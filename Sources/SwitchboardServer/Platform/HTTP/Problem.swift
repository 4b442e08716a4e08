import SwitchboardCore
import Vapor

/// An error answer in the shape of RFC 9457 (`application/problem+json`).
struct Problem: Content, Error {
    var type: String
    var title: String
    var status: Int
    var detail: String
    /// Validation messages by field, for 422 answers.
    var errors: [String: [String]]?
    /// Seconds after which the client may try again (sent as Retry-After, not in the body).
    var retryAfter: Int?

    private enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    init(status: HTTPResponseStatus, detail: String, errors: [String: [String]]? = nil, retryAfter: Int? = nil) {
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    /// What a client is told when the database is busy or out of connections.
    static let busy = Problem(status: .serviceUnavailable, detail: "The helpdesk is too busy to answer now; try again in a moment.", retryAfter: 2)

    var httpStatus: HTTPResponseStatus { HTTPResponseStatus(statusCode: status) }

    /// Maps whatever was thrown to a problem a client can act on. Unknown errors become a 500
    /// with a neutral message; their details go to the log only.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let error as Problem:
            return error
        case let error as HelpdeskError:
            switch error {
            case .unauthenticated(let message): return Problem(status: .unauthorized, detail: message)
            case .forbidden(let message): return Problem(status: .forbidden, detail: message)
            case .notFound(let message): return Problem(status: .notFound, detail: message)
            case .conflict(let message): return Problem(status: .conflict, detail: message)
            case .tooLarge(let message): return Problem(status: .payloadTooLarge, detail: message)
            case .tooManyRequests(let message, let seconds): return Problem(status: .tooManyRequests, detail: message, retryAfter: seconds)
            case .unavailable(let message): return Problem(status: .serviceUnavailable, detail: message, retryAfter: 2)
            case .invalid(let fields): return Problem(status: .unprocessableEntity, detail: "The request has invalid values. \(fields.summary)", errors: fields.messages)
            }
        case let error as FieldErrors:
            return Problem(status: .unprocessableEntity, detail: "The request has invalid values. \(error.summary)", errors: error.messages)
        case let error as DecodingError:
            return decoding(error)
        case is ConnectionPoolTimeoutError:
            return .busy
        case let error where SQLiteWriteTransaction.isBusy(error):
            // A read that met another process's write lock (writes wait for it themselves).
            return .busy
        case let error as any AbortError:
            if error.status == .payloadTooLarge {
                return Problem(status: .payloadTooLarge, detail: "The request body is larger than this endpoint accepts.")
            }
            if error.status.code >= 500 {
                return Problem(status: error.status, detail: "The server could not complete the request.")
            }
            return Problem(status: error.status, detail: error.reason)
        default:
            return Problem(status: .internalServerError, detail: "The server could not complete the request.")
        }
    }

    /// Missing or mistyped fields are 422 with the field's path; unreadable JSON is 400.
    private static func decoding(_ error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            let joined = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return Problem(status: .unprocessableEntity, detail: "\(field) is required.", errors: [field: ["\(field) is required."]])
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            let message = "\(field) has the wrong type; expected \(describe(type))."
            return Problem(status: .unprocessableEntity, detail: message, errors: [field: [message]])
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            let message = "\(field) must not be null; expected \(describe(type))."
            return Problem(status: .unprocessableEntity, detail: message, errors: [field: [message]])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return Problem(status: .badRequest, detail: "The request body is not valid JSON.")
            }
            let field = path(context.codingPath)
            let message = "\(field) has an invalid value: \(context.debugDescription)"
            return Problem(status: .unprocessableEntity, detail: message, errors: [field: [message]])
        @unknown default:
            return Problem(status: .badRequest, detail: "The request body could not be read.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

/// Turns every error into a problem answer, so that no error leaks a stack trace or internal
/// detail, and logs what clients cannot see.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Problem.from(error)
            if problem.status >= 500 {
                request.logger.error("\(request.method) \(request.url.path) failed: \(String(reflecting: error))")
            } else {
                request.logger.debug("\(request.method) \(request.url.path): \(problem.status) \(problem.detail)")
            }
            if Self.isWebPage(request) { return Self.page(for: problem, to: request) }
            return Self.response(for: problem, to: request)
        }
    }

    /// Browser pages get an HTML error page; the API and health checks get problem documents.
    static func isWebPage(_ request: Request) -> Bool {
        let path = request.url.path
        return !(path.hasPrefix("/api/") || path == "/api" || path == "/health" || path == "/ready")
    }

    static func page(for problem: Problem, to request: Request) -> Response {
        if problem.status == 401 {
            return request.redirect(to: SiteURL.signIn.path, redirectType: .normal)
        }
        let model = ErrorPage.model(status: problem.status, message: problem.detail)
        let response = WebResponse.html(ErrorPage.render(model, context: request.pageContext), status: problem.httpStatus)
        if let seconds = problem.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        return response
    }

    static func response(for problem: Problem, to request: Request) -> Response {
        let response = Response(status: problem.httpStatus)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        response.body = .init(data: (try? encoder.encode(problem)) ?? Data())
        response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
        if problem.status == 401 {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"switchboard\"")
        }
        if let seconds = problem.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        return response
    }
}
