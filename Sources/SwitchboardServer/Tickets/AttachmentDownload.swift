import Foundation
import Vapor

/// How a stored file is sent back, from the API and the web pages alike: as a download, never
/// rendered in the helpdesk's origin, under its own name in any script (RFC 6266).
enum AttachmentDownload {
    static func response(_ attachment: AttachmentModel) -> Response {
        let response = Response(status: .ok, body: .init(data: attachment.data))
        response.headers.replaceOrAdd(name: .contentType, value: attachment.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(filename: attachment.filename))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox")
        return response
    }

    /// `attachment; filename="ASCII fallback"; filename*=UTF-8''percent-encoded` for names
    /// beyond ASCII; stored names have no quotes or control characters already.
    static func contentDisposition(filename: String) -> String {
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0.value >= 32 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        guard ascii != filename else { return "attachment; filename=\"\(filename)\"" }
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
