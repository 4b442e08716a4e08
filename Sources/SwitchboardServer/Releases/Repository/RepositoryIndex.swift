import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a repository's `repodata/repomd.xml` says about its `primary` metadata: where it is,
/// how large it is, and the checksum of the file as stored (which the sync verifies).
struct RepositoryIndex: Sendable, Equatable {
    var primaryLocation: String
    var checksumType: String
    var checksum: String
    var size: Int?

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The checksums rpm repositories use that the sync can verify.
    static let checksumTypes: Set<String> = ["sha256", "sha512", "sha384", "sha1", "sha"]

    static func parse(_ data: Data) throws -> RepositoryIndex {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), reader.failure == nil else {
            let reason = reader.failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "unreadable"
            throw Malformed(description: "repomd.xml is not well-formed XML: \(reason)")
        }
        guard reader.sawRoot else { throw Malformed(description: "repomd.xml has no <repomd> element") }
        guard reader.sawRootEnd else { throw Malformed(description: "repomd.xml is not well-formed XML: it ends before </repomd>") }
        guard let location = reader.location, !location.isEmpty else { throw Malformed(description: "repomd.xml names no primary metadata") }
        guard let type = reader.checksumType?.lowercased(), let checksum = reader.checksum?.trimmingCharacters(in: .whitespacesAndNewlines),
              !checksum.isEmpty else {
            throw Malformed(description: "repomd.xml gives no checksum for the primary metadata")
        }
        guard checksumTypes.contains(type) else { throw Malformed(description: "the checksum type \(type) is not supported") }
        guard !location.contains(".."), !location.hasPrefix("/"), !location.contains("://") else {
            throw Malformed(description: "the primary location \(location) is outside the repository")
        }
        let size = reader.size.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return RepositoryIndex(primaryLocation: location, checksumType: type == "sha" ? "sha1" : type, checksum: checksum.lowercased(), size: size)
    }

    /// Collects the `<data type="primary">` element's parts.
    private final class Reader: NSObject, XMLParserDelegate {
        var sawRoot = false
        var sawRootEnd = false
        var inPrimary = false
        var field: String?
        var text = ""
        var location: String?
        var checksumType: String?
        var checksum: String?
        var size: String?
        var failure: String?

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let name = element.split(separator: ":").last.map(String.init) ?? element
            if name == "repomd" { sawRoot = true }
            if name == "data" {
                if inPrimary { failure = "nested <data> elements" }
                inPrimary = attributes["type"] == "primary"
                if inPrimary && location != nil { failure = "two primary entries" }
            }
            guard inPrimary else { return }
            switch name {
            case "location": location = attributes["href"]
            case "checksum":
                checksumType = attributes["type"]
                field = "checksum"
                text = ""
            case "size":
                field = "size"
                text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if field != nil { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            let name = element.split(separator: ":").last.map(String.init) ?? element
            if inPrimary && name == field {
                if name == "checksum" { checksum = text } else { size = text }
                field = nil
            }
            if name == "data" { inPrimary = false }
            if name == "repomd" { sawRootEnd = true }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if failure == nil { failure = "\(parseError.localizedDescription) at line \(parser.lineNumber)" }
        }
    }
}
