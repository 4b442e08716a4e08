import Foundation
import Logging
import NIOConcurrencyHelpers

/// Log lines for machines: `logfmt` (`time=… level=info msg="request" request_id=… route=…`)
/// or JSON (one object a line), on standard output like the console format. Chosen with `SWITCHBOARD_LOG_FORMAT`; the
/// default stays Vapor's console format for people at a terminal.
public struct StructuredLogHandler: LogHandler {
    public enum Format: String, Sendable {
        case logfmt, json
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let format: Format
    private static let output = NIOLockedValueBox(FileHandle.standardOutput)

    public init(label: String, format: Format, level: Logger.Level) {
        self.label = label
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [("time", Self.timestamp()), ("level", event.level.rawValue), ("msg", event.message.description)]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            // Vapor names it `request-id`; the same key everywhere else is `request_id`.
            fields.append((key.replacingOccurrences(of: "-", with: "_"), merged[key]!.description))
        }
        let text = format == .json ? Self.json(fields) : Self.logfmt(fields)
        Self.output.withLockedValue { $0.write(Data((text + "\n").utf8)) }
    }

    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { key, value in
            let plain = !value.isEmpty && value.allSatisfy { !$0.isWhitespace && $0 != "\"" && $0 != "=" && $0 != "\\" && !$0.isNewline }
            return plain ? "\(key)=\(value)" : "\(key)=\"\(escaped(value))\""
        }.joined(separator: " ")
    }

    static func json(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\(escaped($0.0))\":\"\(escaped($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// Quotes, backslashes and control characters escaped, so that one entry stays one line.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeSeparator(.colon).dateSeparator(.dash))
    }
}
