import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// One monitoring result as scripts push it: `endpoint` is `hostname/serviceType`, `metric`
/// (optional) the metric it is the result of, `at` an ISO 8601 instant (kept to the second).
public struct MonitoringResultInput: Codable, Sendable {
    public var endpoint: String?
    public var metric: String?
    public var status: String?
    public var at: String?
    public var sourceId: String?

    public init(endpoint: String?, metric: String? = nil, status: String?, at: String?, sourceId: String? = nil) {
        self.endpoint = endpoint
        self.metric = metric
        self.status = status
        self.at = at
        self.sourceId = sourceId
    }
}

/// What a batch of results did.
public struct MonitoringSummary: Codable, Sendable, Equatable {
    public var received = 0
    /// Results at an instant the endpoint had no result for.
    public var added = 0
    /// Repeats of results already held (a re-sent batch changes nothing).
    public var unchanged = 0
    /// Results that replaced another status at the same endpoint, metric and instant.
    public var corrected = 0
}

/// Monitoring results in: pushed in batches, or read from ARGO's status JSON. A result holds
/// from its instant until the next result of the same endpoint and metric. Results are stored
/// per endpoint, metric and UTC day (`MonitoringDay`), identified by their instant: sending the
/// same result again (same source id) changes nothing, a different status at the same instant
/// is a correction. A batch is taken whole or not at all: every bad result is reported
/// (`results[3]: …`) and nothing is stored.
public struct MonitoringOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var monitoring: MonitoringOperations { MonitoringOperations(helpdesk: self) }
}

extension MonitoringOperations {
    /// The largest batch one request may carry.
    static let maximumBatch = 100_000

    struct CheckedResult {
        var endpointID: Int
        var metric: String
        var at: Int64
        var status: MonitoringStatus
    }

    public func record(_ results: [MonitoringResultInput], by acting: Acting) async throws -> MonitoringSummary {
        guard results.count <= Self.maximumBatch else {
            throw HelpdeskError.tooLarge("A batch holds at most \(Self.maximumBatch) results; this one has \(results.count).")
        }
        return try await helpdesk.change(by: acting) { context in
            let endpoints = try await ServiceOperations.endpointsByReference(on: context.database)
            var errors = FieldErrors()
            var checked: [CheckedResult] = []
            checked.reserveCapacity(results.count)
            for (index, result) in results.enumerated() {
                let field = "results[\(index)]"
                guard let reference = result.endpoint.flatMap(ServiceOperations.normalisedReference), let endpoint = endpoints[reference] else {
                    errors.add(field, result.endpoint == nil ? "endpoint (hostname/serviceType) is required."
                        : "There is no endpoint '\(result.endpoint!)'; endpoints are added to a service first.")
                    continue
                }
                guard let text = result.status, let status = MonitoringStatus(name: text) else {
                    errors.add(field, "status is one of: \(MonitoringStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                    continue
                }
                guard let atText = result.at, let instant = ISOInstant.parse(atText) else {
                    errors.add(field, "at is an ISO 8601 instant such as 2012-05-01T03:00:00Z.")
                    continue
                }
                let metric = (result.metric ?? "").trimmingCharacters(in: .whitespaces)
                guard metric.isEmpty || ServiceOperations.isName(metric) else {
                    errors.add(field, "A metric name has letters, digits and ._- only.")
                    continue
                }
                if let refusal = Self.refusal(context.acting.principal, endpoint: endpoint) {
                    errors.add(field, refusal)
                    continue
                }
                checked.append(CheckedResult(endpointID: try endpoint.requireID(), metric: metric,
                                             at: Int64(instant.timeIntervalSince1970.rounded(.down)), status: status))
            }
            try HelpdeskError.check(errors)
            return try await Self.store(checked, on: context.database)
        }
    }

    /// Results of ARGO's status JSON (`ARGOStatusFile`), as one batch.
    public func importARGO(_ data: Data, by acting: Acting) async throws -> MonitoringSummary {
        let (timelines, problems) = ARGOStatusFile.parse(data)
        if !problems.isEmpty {
            var errors = FieldErrors()
            for problem in problems.prefix(200) { errors.add(problem.path.isEmpty ? "document" : problem.path, problem.message) }
            throw HelpdeskError.invalid(errors)
        }
        return try await helpdesk.change(by: acting) { context in
            let endpoints = try await ServiceOperations.endpointsByReference(on: context.database)
            var errors = FieldErrors()
            var checked: [CheckedResult] = []
            for timeline in timelines {
                let reference = timeline.hostname.lowercased() + "/" + timeline.serviceType
                guard let endpoint = endpoints[reference] else {
                    errors.add(timeline.path, "There is no endpoint '\(reference)'; endpoints are added to a service first.")
                    continue
                }
                if let refusal = Self.refusal(context.acting.principal, endpoint: endpoint) {
                    errors.add(timeline.path, refusal)
                    continue
                }
                let id = try endpoint.requireID()
                checked += timeline.results.map { CheckedResult(endpointID: id, metric: timeline.metric, at: $0.at, status: $0.status) }
            }
            try HelpdeskError.check(errors)
            return try await Self.store(checked, on: context.database)
        }
    }

    /// Administrators, the system, and members of the unit that provides the endpoint's service may send its results.
    static func refusal(_ principal: Principal, endpoint: ServiceEndpointModel) -> String? {
        if ServiceOperations.mayOperate(principal, providerUnit: endpoint.service.$providerUnit.id) { return nil }
        return "Only administrators and the members of the unit that provides \(endpoint.service.name) may send results for \(endpoint.reference)."
    }

    /// Merges the results into their stored days; writes only the days that changed.
    static func store(_ results: [CheckedResult], on database: any Database) async throws -> MonitoringSummary {
        var summary = MonitoringSummary()
        summary.received = results.count
        guard !results.isEmpty else { return summary }
        struct DayKey: Hashable { var endpointID: Int; var metric: String; var day: Int }
        var grouped: [DayKey: [CheckedResult]] = [:]
        for result in results {
            grouped[DayKey(endpointID: result.endpointID, metric: result.metric, day: Int(result.at.floorDivided(by: 86_400))), default: []].append(result)
        }
        let sql = database as! any SQLDatabase
        var stored: [DayKey: MonitoringDay] = [:]
        let days = grouped.keys.map(\.day)
        let rows = try await sql.select().column("endpoint_id").column("metric").column("day").column("results").from(MonitoringSchema.days)
            .where("endpoint_id", .in, SQLBind.group(Array(Set(grouped.keys.map(\.endpointID)))))
            .where("day", .greaterThanOrEqual, SQLBind(days.min()!)).where("day", .lessThanOrEqual, SQLBind(days.max()!)).all()
        for row in rows {
            let key = DayKey(endpointID: try row.decode(column: "endpoint_id", as: Int.self), metric: try row.decode(column: "metric", as: String.self),
                             day: try row.decode(column: "day", as: Int.self))
            guard grouped[key] != nil else { continue }
            stored[key] = try MonitoringStore.day(key.day, from: row)
        }
        var changed: [(DayKey, MonitoringDay)] = []
        for (key, dayResults) in grouped {
            var day = stored[key] ?? MonitoringDay(day: key.day)
            var dayChanged = false
            // In the order sent: within a batch, the last result of an instant wins.
            for result in dayResults {
                switch day.record(result.status, atSecond: UInt32(result.at - Int64(key.day) * 86_400)) {
                case .added: summary.added += 1; dayChanged = true
                case .unchanged: summary.unchanged += 1
                case .corrected: summary.corrected += 1; dayChanged = true
                }
            }
            if dayChanged { changed.append((key, day)) }
        }
        for chunk in stride(from: 0, to: changed.count, by: 500) {
            let insert = sql.insert(into: MonitoringSchema.days).columns("endpoint_id", "metric", "day", "results")
            for (key, day) in changed[chunk..<min(chunk + 500, changed.count)] {
                insert.values(SQLBind(key.endpointID), SQLBind(key.metric), SQLBind(key.day), SQLBind(Data(day.packed)))
            }
            try await insert.onConflict(with: ["endpoint_id", "metric", "day"]) { $0.set(excludedValueOf: "results") }.run()
        }
        return summary
    }
}

/// Reading the stored results back as timelines.
enum MonitoringStore {
    static func day(_ day: Int, from row: any SQLRow) throws -> MonitoringDay {
        let bytes = try row.decode(column: "results", as: Data.self)
        guard let decoded = MonitoringDay(day: day, packed: [UInt8](bytes)) else {
            throw HelpdeskError.unavailable("The stored monitoring results of day \(day) cannot be read.")
        }
        return decoded
    }

    /// Per endpoint, one timeline per metric covering `[from, to)`: the results of its days,
    /// after the last result before `from` (which holds at `from`).
    static func metricTimelines(of endpointIDs: [Int], from: Int64, to: Int64, on database: any Database) async throws -> [Int: [StatusTimeline]] {
        guard !endpointIDs.isEmpty else { return [:] }
        let sql = database as! any SQLDatabase
        let firstDay = Int(from.floorDivided(by: 86_400))
        let lastDay = Int((to - 1).floorDivided(by: 86_400))
        var changes: [Int: [String: [StatusTimeline.Change]]] = [:]
        let rows = try await sql.select().column("endpoint_id").column("metric").column("day").column("results").from(MonitoringSchema.days)
            .where("endpoint_id", .in, SQLBind.group(endpointIDs))
            .where("day", .greaterThanOrEqual, SQLBind(firstDay)).where("day", .lessThanOrEqual, SQLBind(lastDay))
            .orderBy("day").all()
        for row in rows {
            let endpointID = try row.decode(column: "endpoint_id", as: Int.self)
            let metric = try row.decode(column: "metric", as: String.self)
            changes[endpointID, default: [:]][metric, default: []] += try day(try row.decode(column: "day", as: Int.self), from: row).changes
        }
        // The status holding at `from`: the last result of each metric's last earlier day with
        // results, in one query (the latest day per endpoint and metric, joined back to its row).
        let earlier = try await sql.raw("""
            SELECT d.endpoint_id, d.metric, d.day, d.results FROM \(unsafeRaw: MonitoringSchema.days) d
            JOIN (SELECT endpoint_id, metric, MAX(day) AS day FROM \(unsafeRaw: MonitoringSchema.days)
                  WHERE endpoint_id IN (\(binds: endpointIDs)) AND day < \(bind: firstDay) GROUP BY endpoint_id, metric) latest
              ON d.endpoint_id = latest.endpoint_id AND d.metric = latest.metric AND d.day = latest.day
            """).all()
        for row in earlier {
            let endpointID = try row.decode(column: "endpoint_id", as: Int.self)
            guard let last = try day(try row.decode(column: "day", as: Int.self), from: row).changes.last else { continue }
            changes[endpointID, default: [:]][try row.decode(column: "metric", as: String.self), default: []].insert(last, at: 0)
        }
        return changes.mapValues { metrics in metrics.keys.sorted().map { StatusTimeline(results: metrics[$0]!) } }
    }
}
