import Vapor

/// Refuses text that contains the NUL character, which PostgreSQL cannot store and which no
/// person means to send: in the query string (`%00`), in a JSON body (`\u0000`) or in a form.
/// File uploads (multipart) are left alone; their text fields are checked where they are used.
struct NULCharacterGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, query.range(of: "%00", options: .caseInsensitive) != nil {
            throw HelpdeskError.invalid("query", "The address contains a NUL character (%00).")
        }
        if request.headers.contentType?.type != "multipart", let body = request.body.data, Self.containsNUL(body) {
            throw HelpdeskError.invalid("body", "Text must not contain NUL characters.")
        }
        return try await next.respond(to: request)
    }

    /// A raw 0 byte, `%00` (forms), or a JSON `\u0000` escape that is not itself escaped.
    static func containsNUL(_ buffer: ByteBuffer) -> Bool {
        let bytes = buffer.readableBytesView
        if bytes.contains(0) { return true }
        let array = Array(bytes)
        var index = 0
        while index + 2 < array.count {
            if array[index] == UInt8(ascii: "%"), array[index + 1] == UInt8(ascii: "0"), array[index + 2] == UInt8(ascii: "0") { return true }
            if array[index] == UInt8(ascii: "\\"), index + 5 < array.count, array[index + 1] == UInt8(ascii: "u"),
               array[(index + 2)...(index + 5)].allSatisfy({ $0 == UInt8(ascii: "0") }) {
                var backslashes = 0
                var back = index
                while back >= 0, array[back] == UInt8(ascii: "\\") { backslashes += 1; back -= 1 }
                if backslashes % 2 == 1 { return true }
            }
            index += 1
        }
        return false
    }
}
