import Foundation

/// Reads a repository's `primary.xml` as it streams in, keeping only the name and the
/// `epoch:version-release` of each package whose name is asked for. Memory stays at one
/// package entry however large the file; a file that ends before its `</metadata>`, or holds
/// fewer packages than it announces, is refused.
struct PrimaryMetadataScanner {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The package names to keep; nil keeps every package.
    let wanted: Set<String>?
    /// Every kept (name, label) once, in the order first seen.
    private(set) var packages: [(name: String, label: String)] = []
    private(set) var packageCount = 0
    private var seen: Set<String> = []
    private var buffer: [UInt8] = []
    private var announced: Int?
    private var sawRoot = false
    private var sawEnd = false
    /// The longest package entry accepted (a normal one is a few kilobytes).
    static let maxEntryBytes = 32 * 1024 * 1024

    init(wanted: Set<String>?) { self.wanted = wanted }

    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        if sawEnd {
            if bytes.contains(where: { !Self.isSpace($0) }) { throw Malformed(description: "data after </metadata>") }
            return
        }
        buffer.append(contentsOf: bytes)
        try scan()
        if buffer.count > Self.maxEntryBytes { throw Malformed(description: "a package entry is longer than \(Self.maxEntryBytes) bytes") }
    }

    /// After the last byte: the file must have ended properly.
    func finish() throws {
        guard sawRoot else { throw Malformed(description: "no <metadata> element") }
        guard sawEnd else { throw Malformed(description: "the file ends before </metadata> (truncated?)") }
        if let announced, announced != packageCount {
            throw Malformed(description: "it announces \(announced) packages but holds \(packageCount)")
        }
    }

    private mutating func scan() throws {
        var position = 0
        defer { if position > 0 { buffer.removeFirst(position) } }
        if !sawRoot {
            guard let root = find(Self.metadataOpen, from: 0) else { return }
            guard let close = find([UInt8(ascii: ">")], from: root) else { return }
            let tag = String(decoding: buffer[root..<close], as: UTF8.self)
            if let count = Self.attribute("packages", in: tag) {
                guard let number = Int(count), number >= 0 else { throw Malformed(description: "packages=\"\(count)\" is not a count") }
                announced = number
            }
            sawRoot = true
            position = close + 1
        }
        while true {
            let nextPackage = find(Self.packageOpen, from: position)
            // The end is looked for only before the next package, so that each byte is searched once.
            let end = ByteSearch.firstIndex(of: Self.metadataClose, in: buffer, from: position,
                                            within: (nextPackage ?? buffer.count) - position + Self.metadataClose.count)
            if let end, nextPackage.map({ end < $0 }) ?? true {
                sawEnd = true
                let rest = buffer[(end + Self.metadataClose.count)...]
                guard let closing = rest.firstIndex(of: UInt8(ascii: ">")) else { throw Malformed(description: "</metadata is not closed") }
                if buffer[(closing + 1)...].contains(where: { !Self.isSpace($0) }) { throw Malformed(description: "data after </metadata>") }
                position = buffer.count
                return
            }
            guard let start = nextPackage else {
                // Keep a tail that may hold the start of the next tag.
                position = max(position, buffer.count - 16)
                return
            }
            guard let close = find(Self.packageClose, from: start) else {
                position = start
                return
            }
            try read(entry: start..<close)
            packageCount += 1
            position = close + Self.packageClose.count
        }
    }

    private mutating func read(entry: Range<Int>) throws {
        let text = String(decoding: buffer[entry], as: UTF8.self)
        guard let nameStart = text.range(of: "<name>"), let nameEnd = text.range(of: "</name>", range: nameStart.upperBound..<text.endIndex) else {
            throw Malformed(description: "package \(packageCount + 1) has no <name>")
        }
        let name = Self.unescape(String(text[nameStart.upperBound..<nameEnd.lowerBound]))
        guard wanted?.contains(name) ?? true else { return }
        guard let versionStart = text.range(of: "<version "), let versionEnd = text.range(of: ">", range: versionStart.upperBound..<text.endIndex) else {
            throw Malformed(description: "package \(name) has no <version>")
        }
        let tag = String(text[versionStart.lowerBound..<versionEnd.upperBound])
        guard let version = Self.attribute("ver", in: tag).map(Self.unescape), !version.isEmpty else {
            throw Malformed(description: "package \(name) has no version")
        }
        let epoch = Self.attribute("epoch", in: tag).map(Self.unescape) ?? "0"
        let release = Self.attribute("rel", in: tag).map(Self.unescape)
        let label = (epoch.isEmpty || epoch == "0" ? "" : "\(epoch):") + version + (release.map { $0.isEmpty ? "" : "-\($0)" } ?? "")
        if seen.insert("\(name)\u{0}\(label)").inserted { packages.append((name, label)) }
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        ByteSearch.firstIndex(of: needle, in: buffer, from: start)
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        for quote in ["\"", "'"] {
            if let range = tag.range(of: " \(name)=\(quote)"), let end = tag[range.upperBound...].firstIndex(of: Character(quote)) {
                return String(tag[range.upperBound..<end])
            }
        }
        return nil
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
        while let range = result.range(of: #"&#(x[0-9A-Fa-f]+|[0-9]+);"#, options: .regularExpression) {
            let body = result[range].dropFirst(2).dropLast()
            let value = body.hasPrefix("x") ? UInt32(body.dropFirst(), radix: 16) : UInt32(body)
            result.replaceSubrange(range, with: value.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "")
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
    private static let metadataOpen = Array("<metadata".utf8)
    private static let metadataClose = Array("</metadata".utf8)
    private static let packageOpen = Array("<package".utf8)
    private static let packageClose = Array("</package>".utf8)
}
