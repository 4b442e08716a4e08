import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// GOCDB's programmatic interface answer to `get_downtime`:
///
/// ```xml
/// <results>
///   <DOWNTIME ID="32578" PRIMARY_KEY="113653G0" CLASSIFICATION="SCHEDULED">
///     <PRIMARY_KEY>113653G0</PRIMARY_KEY>
///     <HOSTNAME>host.example.com</HOSTNAME>
///     <SERVICE_TYPE>egi.GOCDB</SERVICE_TYPE>
///     <SEVERITY>OUTAGE</SEVERITY>
///     <DESCRIPTION>…</DESCRIPTION>
///     <START_DATE>1656288000</START_DATE>
///     <END_DATE>1688169600</END_DATE>
///     …
///   </DOWNTIME>
/// </results>
/// ```
///
/// GOCDB lists a downtime once per affected service; elements with the same `PRIMARY_KEY` are
/// one downtime with several endpoints (host + service type). `START_DATE`/`END_DATE` are Unix
/// seconds; `FORMATED_START_DATE` (UTC, `YYYY-MM-DD HH:MM`) is read when they are absent.
public enum GOCDBDowntimeFile {
    public enum Classification: String, Sendable, Codable, CaseIterable {
        case scheduled = "SCHEDULED"
        case unscheduled = "UNSCHEDULED"
    }

    public enum Severity: String, Sendable, Codable, CaseIterable {
        /// The service is down.
        case outage = "OUTAGE"
        /// "At risk": the service is expected to stay up.
        case warning = "WARNING"
    }

    public struct Downtime: Sendable, Equatable {
        public var primaryKey: String
        public var classification: Classification
        public var severity: Severity
        public var description: String
        public var start: Int64
        public var end: Int64
        /// `hostname/serviceType`, in the order met.
        public var endpoints: [String]
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based index of the DOWNTIME element (0: the document).
        public var element: Int
        public var primaryKey: String?
        public var message: String
        public var description: String {
            element == 0 ? message : "DOWNTIME element \(element)\(primaryKey.map { " (\($0))" } ?? ""): \(message)"
        }
    }

    public static func parse(_ data: Data) -> (found: [Downtime], problems: [Problem]) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // Foundation on Linux may answer true and still set the error.
        guard parser.parse(), parser.parserError == nil else {
            let error = parser.parserError.map { ARGOStatusFile.reason($0) } ?? "unknown error"
            return ([], [Problem(element: 0, primaryKey: nil, message: "The document is not well-formed XML (line \(parser.lineNumber): \(error)).")])
        }
        guard reader.sawRoot else { return ([], [Problem(element: 0, primaryKey: nil, message: "The document is empty.")]) }
        var problems: [Problem] = []
        var downtimes: [Downtime] = []
        var indexByKey: [String: Int] = [:]
        for (offset, element) in reader.elements.enumerated() {
            let number = offset + 1
            let key = element.attributes["PRIMARY_KEY"] ?? element.children["PRIMARY_KEY"]
            func problem(_ message: String) { problems.append(Problem(element: number, primaryKey: key, message: message)) }
            guard let key, !key.isEmpty else { problem("PRIMARY_KEY is missing."); continue }
            guard let classificationText = element.attributes["CLASSIFICATION"] ?? element.children["CLASSIFICATION"],
                  let classification = Classification(rawValue: classificationText.uppercased()) else {
                problem("CLASSIFICATION is SCHEDULED or UNSCHEDULED."); continue
            }
            guard let severity = Severity(rawValue: (element.children["SEVERITY"] ?? "").uppercased()) else {
                problem("SEVERITY is OUTAGE or WARNING."); continue
            }
            guard let start = instant(element.children["START_DATE"], formatted: element.children["FORMATED_START_DATE"]) else {
                problem("START_DATE is missing or not a Unix time."); continue
            }
            guard let end = instant(element.children["END_DATE"], formatted: element.children["FORMATED_END_DATE"]) else {
                problem("END_DATE is missing or not a Unix time."); continue
            }
            guard end > start else { problem("It ends (\(end)) before it starts (\(start))."); continue }
            guard let hostname = element.children["HOSTNAME"], !hostname.isEmpty, let serviceType = element.children["SERVICE_TYPE"], !serviceType.isEmpty else {
                problem("HOSTNAME and SERVICE_TYPE name the affected endpoint; one is missing."); continue
            }
            let endpoint = "\(hostname)/\(serviceType)"
            if let index = indexByKey[key] {
                let known = downtimes[index]
                guard known.start == start, known.end == end, known.classification == classification, known.severity == severity else {
                    problem("The same downtime is listed before with other dates, classification or severity."); continue
                }
                if !known.endpoints.contains(endpoint) { downtimes[index].endpoints.append(endpoint) }
            } else {
                indexByKey[key] = downtimes.count
                downtimes.append(Downtime(primaryKey: key, classification: classification, severity: severity,
                                          description: element.children["DESCRIPTION"] ?? "", start: start, end: end, endpoints: [endpoint]))
            }
        }
        return problems.isEmpty ? (downtimes, []) : ([], problems)
    }

    private static func instant(_ unix: String?, formatted: String?) -> Int64? {
        if let unix { return Int64(unix) }
        guard let formatted, let date = ISOInstant.parse(formatted.replacingOccurrences(of: " ", with: "T") + ":00Z") else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    /// Collects each DOWNTIME element's attributes and the text of its direct children.
    private final class Reader: NSObject, XMLParserDelegate {
        struct Element {
            var attributes: [String: String]
            var children: [String: String] = [:]
        }

        var elements: [Element] = []
        var sawRoot = false
        private var current: Element?
        private var depth = 0
        private var childName: String?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            sawRoot = true
            depth += 1
            if name == "DOWNTIME", current == nil {
                current = Element(attributes: attributes)
                depth = 1
            } else if current != nil, depth == 2 {
                childName = name
                text = ""
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if childName != nil { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if current != nil, depth == 2, let childName {
                current!.children[childName] = text.trimmingCharacters(in: .whitespacesAndNewlines)
                self.childName = nil
            } else if current != nil, depth == 1, name == "DOWNTIME" {
                elements.append(current!)
                current = nil
            }
            depth -= 1
        }
    }
}
