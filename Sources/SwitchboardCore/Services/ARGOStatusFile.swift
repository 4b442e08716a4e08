import Foundation

/// The JSON that ARGO's web API returns for status timelines (`GET /api/v3/status/{report}`,
/// also what v2 answers under `/status/{report}/…/endpoints`):
///
/// ```json
/// {"groups": [{"name": "SITE", "type": "SITES", "statuses": […],
///              "endpoints": [{"hostname": "h.example.org", "service": "egi.Portal",
///                             "statuses": [{"timestamp": "2015-05-01T00:00:00Z", "value": "OK"}, …]}]}]}
/// ```
///
/// Only the endpoints' statuses are read (a group's own timeline is ARGO's aggregate and is
/// ignored); an optional `metric` on an endpoint names the metric its timeline belongs to. A
/// top-level `data` wrapper (`{"status": …, "data": {"groups": …}}`) is accepted as well.
public enum ARGOStatusFile {
    public struct EndpointTimeline: Sendable, Equatable {
        public var hostname: String
        public var serviceType: String
        public var metric: String
        public var results: [StatusTimeline.Change]
        /// Where it is in the document, for messages: `groups[0].endpoints[1]`.
        public var path: String
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// Every endpoint timeline, or none and every problem found (nothing is taken from a document with one).
    public static func parse(_ data: Data) -> (found: [EndpointTimeline], problems: [Problem]) {
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data)
        } catch {
            return ([], [Problem(path: "", message: "The document is not JSON (\(Self.reason(error))).")])
        }
        var root = document as? [String: Any]
        if let wrapped = root?["data"] as? [String: Any], root?["groups"] == nil { root = wrapped }
        guard let groups = root?["groups"] as? [Any] else {
            return ([], [Problem(path: "", message: "The document has no \"groups\" list (the shape of ARGO's /status answers).")])
        }
        var timelines: [EndpointTimeline] = []
        var problems: [Problem] = []
        for (groupIndex, group) in groups.enumerated() {
            let groupPath = "groups[\(groupIndex)]"
            guard let group = group as? [String: Any] else { problems.append(Problem(path: groupPath, message: "A group is an object.")); continue }
            guard let endpoints = group["endpoints"] as? [Any] else {
                problems.append(Problem(path: groupPath, message: "The group has no \"endpoints\" list."))
                continue
            }
            for (endpointIndex, endpoint) in endpoints.enumerated() {
                let path = "\(groupPath).endpoints[\(endpointIndex)]"
                guard let endpoint = endpoint as? [String: Any] else { problems.append(Problem(path: path, message: "An endpoint is an object.")); continue }
                guard let hostname = endpoint["hostname"] as? String, !hostname.isEmpty else {
                    problems.append(Problem(path: path, message: "\"hostname\" is missing."))
                    continue
                }
                guard let service = endpoint["service"] as? String, !service.isEmpty else {
                    problems.append(Problem(path: path, message: "\"service\" (the service type) is missing."))
                    continue
                }
                guard let statuses = endpoint["statuses"] as? [Any] else {
                    problems.append(Problem(path: path, message: "\"statuses\" is missing."))
                    continue
                }
                var results: [StatusTimeline.Change] = []
                var ordered = true
                for (statusIndex, entry) in statuses.enumerated() {
                    let entryPath = "\(path).statuses[\(statusIndex)]"
                    guard let entry = entry as? [String: Any], let timestamp = entry["timestamp"] as? String, let value = entry["value"] as? String else {
                        problems.append(Problem(path: entryPath, message: "A status has a \"timestamp\" and a \"value\"."))
                        continue
                    }
                    guard let instant = ISOInstant.parse(timestamp) else {
                        problems.append(Problem(path: entryPath, message: "\"\(timestamp)\" is not an ISO 8601 instant."))
                        continue
                    }
                    guard let status = MonitoringStatus(name: value) else {
                        problems.append(Problem(path: entryPath, message: "\"\(value)\" is not a status (\(MonitoringStatus.allCases.map(\.rawValue).joined(separator: ", ")))."))
                        continue
                    }
                    let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
                    if let last = results.last, seconds < last.at, ordered {
                        ordered = false
                        problems.append(Problem(path: entryPath, message: "The timestamps go backwards (\(timestamp) after a later one)."))
                    }
                    results.append(StatusTimeline.Change(at: seconds, status: status))
                }
                timelines.append(EndpointTimeline(hostname: hostname, serviceType: service, metric: endpoint["metric"] as? String ?? "",
                                                  results: results, path: path))
            }
        }
        return problems.isEmpty ? (timelines, []) : ([], problems)
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
