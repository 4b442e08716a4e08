import Foundation
import SwitchboardCore
import Vapor

/// The decoder for `multipart/form-data` bodies, on every route (API and web forms alike).
///
/// MultipartKit 4.7.1, the only version available to this build, traps on some malformed
/// bodies (an 8-bit byte in a part's header field name, an empty boundary). Any route that
/// decodes content would hand such a body to it, even sign-in, so one request could stop the
/// server. Here the body is first read by `FormDataBody`, which refuses what it cannot read
/// with a 400 and a reason; what it accepts is written out again in canonical form under a
/// fresh boundary, and only that reaches MultipartKit's Codable decoder.
struct CheckedFormDataDecoder: ContentDecoder {
    private let decoder = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        let boundary = headers.contentType?.parameters["boundary"] ?? ""
        let form: FormDataBody
        do {
            form = try FormDataBody.parse(Array(body.readableBytesView), boundary: boundary)
        } catch {
            throw Problem(status: .badRequest, detail: "The multipart/form-data body cannot be read: \(error.description)")
        }
        // Text fields (not files) must not carry NUL, as everywhere else (`NULCharacterGuard`).
        if let field = form.parts.first(where: { $0.filename == nil && $0.body.contains(0) }) {
            throw HelpdeskError.invalid(field.name, "Text must not contain NUL characters.")
        }
        let parts = form.parts.map { part in
            MultipartPart(headers: HTTPHeaders(part.headers.map { ($0.name, $0.value) }), body: ByteBuffer(data: part.body))
        }
        let canonicalBoundary = Self.boundary(notIn: form)
        var canonical = ByteBuffer()
        try MultipartSerializer().serialize(parts: parts, boundary: canonicalBoundary, into: &canonical)
        var decoder = self.decoder
        decoder.userInfo.merge(userInfo) { $1 }
        return try decoder.decode(D.self, from: canonical, boundary: canonicalBoundary)
    }

    /// A random boundary that occurs in no part, so the canonical body frames exactly the parts read.
    static func boundary(notIn form: FormDataBody) -> String {
        while true {
            let candidate = "switchboard-" + UUID().uuidString
            let needle = Array(candidate.utf8)
            if !form.parts.contains(where: { ByteSearch.contains(needle, in: $0.body) }) { return candidate }
        }
    }
}
