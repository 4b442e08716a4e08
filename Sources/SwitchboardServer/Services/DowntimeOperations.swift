import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// A downtime entered by hand: endpoints as `hostname/serviceType`, instants in ISO 8601.
public struct DowntimeInput: Codable, Sendable {
    public var classification: String?
    public var severity: String?
    public var description: String?
    public var start: String?
    public var end: String?
    public var endpoints: [String]?

    public init(classification: String?, severity: String? = nil, description: String?, start: String?, end: String?, endpoints: [String]?) {
        self.classification = classification
        self.severity = severity
        self.description = description
        self.start = start
        self.end = end
        self.endpoints = endpoints
    }
}

/// What a GOCDB import did.
public struct DowntimeImportSummary: Codable, Sendable, Equatable {
    public var received = 0
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// Downtimes of none of our endpoints, left out when asked to (`onlyKnownEndpoints`).
    public var skipped = 0
}

/// Scheduled and unscheduled downtimes: imported from GOCDB (`GOCDBDowntimeFile`) or entered by
/// hand. A scheduled OUTAGE replaces the monitored status for its period; an unscheduled one
/// and a WARNING ("at risk") one are kept for the record and change no figure. Two downtimes
/// of one endpoint may not overlap. A GOCDB downtime is identified by its PRIMARY_KEY: importing
/// it again changes nothing, or updates it when GOCDB changed it (an extension).
public struct DowntimeOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var downtimes: DowntimeOperations { DowntimeOperations(helpdesk: self) }
}

extension DowntimeOperations {
    struct CheckedDowntime {
        var sourceID: String?
        var classification: GOCDBDowntimeFile.Classification
        var severity: GOCDBDowntimeFile.Severity
        var description: String
        var start: Int64
        var end: Int64
        var endpoints: [ServiceEndpointModel]
        /// For messages: `DOWNTIME element 2 (100728G0)` or `downtime`.
        var field: String
    }

    /// Downtimes that overlap `[from, to)`, of one service's endpoints or of all, by start.
    public func list(service reference: String?, from: Int64?, to: Int64?, for principal: Principal) async throws -> [DowntimeModel] {
        try ServiceOperations.checkMayRead(principal)
        let database = helpdesk.database
        var query = DowntimeModel.query(on: database).with(\.$endpoints) { $0.with(\.$endpoint) }
        if let from { query = query.filter(\.$endsAt > from) }
        if let to { query = query.filter(\.$startsAt < to) }
        var downtimes = try await query.sort(\.$startsAt).all()
        if let reference {
            let service = try await helpdesk.services.find(reference, for: principal)
            let serviceID = try service.requireID()
            downtimes = downtimes.filter { $0.endpoints.contains { $0.endpoint.$service.id == serviceID } }
        }
        return downtimes
    }

    public func create(_ input: DowntimeInput, by acting: Acting) async throws -> DowntimeModel {
        var errors = FieldErrors()
        let classification = GOCDBDowntimeFile.Classification(rawValue: (input.classification ?? "").uppercased())
        if classification == nil { errors.add("classification", "The classification is SCHEDULED or UNSCHEDULED.") }
        let severity = GOCDBDowntimeFile.Severity(rawValue: (input.severity ?? "OUTAGE").uppercased())
        if severity == nil { errors.add("severity", "The severity is OUTAGE or WARNING.") }
        let description = TicketRules.validateText(input.description, field: "description", required: true, maxLength: 2000, into: &errors)
        let start = input.start.flatMap(ISOInstant.parse)
        if start == nil { errors.add("start", "The start is an ISO 8601 instant such as 2012-05-08T08:00:00Z.") }
        let end = input.end.flatMap(ISOInstant.parse)
        if end == nil { errors.add("end", "The end is an ISO 8601 instant.") }
        if let start, let end, end <= start { errors.add("end", "The downtime ends before it starts.") }
        if (input.endpoints ?? []).isEmpty { errors.add("endpoints", "Name at least one affected endpoint (hostname/serviceType).") }
        try HelpdeskError.check(errors)
        let id = try await helpdesk.change(by: acting) { context in
            let endpoints = try await ServiceOperations.endpointsByReference(on: context.database)
            var errors = FieldErrors()
            var affected: [ServiceEndpointModel] = []
            for text in input.endpoints ?? [] {
                guard let endpoint = ServiceOperations.normalisedReference(text).flatMap({ endpoints[$0] }) else {
                    errors.add("endpoints", "There is no endpoint '\(text)'.")
                    continue
                }
                if let refusal = MonitoringOperations.refusal(context.acting.principal, endpoint: endpoint) {
                    errors.add("endpoints", refusal)
                    continue
                }
                if !affected.contains(where: { $0.id == endpoint.id }) { affected.append(endpoint) }
            }
            try HelpdeskError.check(errors)
            let downtime = CheckedDowntime(sourceID: nil, classification: classification!, severity: severity!, description: description!,
                                           start: Int64(start!.timeIntervalSince1970), end: Int64(end!.timeIntervalSince1970.rounded(.up)),
                                           endpoints: affected, field: "downtime")
            try await Self.checkOverlaps([downtime], on: context.database)
            return try await Self.insert(downtime, recordedBy: context.acting.name, in: context)
        }
        return try await DowntimeModel.query(on: helpdesk.database).filter(\.$id == id).with(\.$endpoints) { $0.with(\.$endpoint) }.first()!
    }

    /// GOCDB's `get_downtime` XML, whole or not at all. An endpoint we do not know is an error,
    /// unless `onlyKnownEndpoints`: then such endpoints are left out, and a downtime of none of
    /// ours is skipped (a whole site's feed names many services).
    public func importGOCDB(_ data: Data, onlyKnownEndpoints: Bool = false, by acting: Acting) async throws -> DowntimeImportSummary {
        let (downtimes, problems) = GOCDBDowntimeFile.parse(data)
        if !problems.isEmpty {
            var errors = FieldErrors()
            for problem in problems.prefix(200) {
                errors.add(problem.element == 0 ? "document" : "DOWNTIME element \(problem.element)\(problem.primaryKey.map { " (\($0))" } ?? "")", problem.message)
            }
            throw HelpdeskError.invalid(errors)
        }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let endpoints = try await ServiceOperations.endpointsByReference(on: database)
            var errors = FieldErrors()
            var checked: [CheckedDowntime] = []
            var skipped = 0
            for (index, downtime) in downtimes.enumerated() {
                let field = "downtime \(index + 1) (\(downtime.primaryKey))"
                var affected: [ServiceEndpointModel] = []
                for reference in downtime.endpoints {
                    guard let endpoint = ServiceOperations.normalisedReference(reference).flatMap({ endpoints[$0] }) else {
                        if !onlyKnownEndpoints { errors.add(field, "There is no endpoint '\(reference)'; endpoints are added to a service first.") }
                        continue
                    }
                    if let refusal = MonitoringOperations.refusal(context.acting.principal, endpoint: endpoint) { errors.add(field, refusal); continue }
                    affected.append(endpoint)
                }
                if affected.isEmpty && onlyKnownEndpoints {
                    skipped += 1
                    continue
                }
                checked.append(CheckedDowntime(sourceID: downtime.primaryKey, classification: downtime.classification, severity: downtime.severity,
                                               description: String(downtime.description.prefix(2000)), start: downtime.start, end: downtime.end,
                                               endpoints: affected, field: field))
            }
            try HelpdeskError.check(errors)
            try await Self.checkOverlaps(checked, on: database)
            var summary = DowntimeImportSummary()
            summary.received = downtimes.count
            summary.skipped = skipped
            for downtime in checked {
                guard let existing = try await DowntimeModel.query(on: database).filter(\.$sourceID == downtime.sourceID).with(\.$endpoints).first() else {
                    _ = try await Self.insert(downtime, recordedBy: "GOCDB import", in: context)
                    summary.added += 1
                    continue
                }
                let endpointIDs = Set(downtime.endpoints.compactMap(\.id))
                let same = existing.classification == downtime.classification && existing.severity == downtime.severity
                    && existing.downtimeDescription == downtime.description && existing.startsAt == downtime.start && existing.endsAt == downtime.end
                    && Set(existing.endpoints.map { $0.$endpoint.id }) == endpointIDs
                if same { summary.unchanged += 1; continue }
                existing.classification = downtime.classification
                existing.severity = downtime.severity
                existing.downtimeDescription = downtime.description
                existing.startsAt = downtime.start
                existing.endsAt = downtime.end
                try await existing.update(on: database)
                try await DowntimeEndpointModel.query(on: database).filter(\.$downtime.$id == existing.requireID()).delete()
                try await Self.link(try existing.requireID(), to: downtime.endpoints, on: database)
                summary.updated += 1
            }
            return summary
        }
    }

    public func delete(_ id: UUID, by acting: Acting) async throws {
        try await helpdesk.change(by: acting) { context in
            guard let downtime = try await DowntimeModel.query(on: context.database).filter(\.$id == id)
                .with(\.$endpoints, { $0.with(\.$endpoint) { $0.with(\.$service) } }).first() else {
                throw HelpdeskError.notFound("There is no downtime \(id).")
            }
            for link in downtime.endpoints {
                if let refusal = MonitoringOperations.refusal(context.acting.principal, endpoint: link.endpoint) { throw HelpdeskError.forbidden(refusal) }
            }
            try await DowntimeEndpointModel.query(on: context.database).filter(\.$downtime.$id == id).delete()
            try await downtime.delete(on: context.database)
        }
    }

    /// No two downtimes of one endpoint overlap, in the database (other than the same GOCDB
    /// downtime, which an import updates) or among the new ones.
    private static func checkOverlaps(_ downtimes: [CheckedDowntime], on database: any Database) async throws {
        var errors = FieldErrors()
        for (index, downtime) in downtimes.enumerated() {
            for endpoint in downtime.endpoints {
                let endpointID = try endpoint.requireID()
                let clashes = try await DowntimeEndpointModel.query(on: database).filter(\.$endpoint.$id == endpointID)
                    .join(DowntimeModel.self, on: \DowntimeEndpointModel.$downtime.$id == \DowntimeModel.$id)
                    .filter(DowntimeModel.self, \.$startsAt < downtime.end).filter(DowntimeModel.self, \.$endsAt > downtime.start).all()
                for clash in clashes {
                    let other = try clash.joined(DowntimeModel.self)
                    if let source = downtime.sourceID, other.sourceID == source { continue }
                    errors.add(downtime.field, "\(endpoint.reference) is already in the downtime \(other.sourceID ?? other.id!.uuidString) "
                        + "from \(format(other.startsAt)) to \(format(other.endsAt)); downtimes of one endpoint do not overlap.")
                }
                for other in downtimes[..<index] where other.sourceID == nil || other.sourceID != downtime.sourceID {
                    if other.endpoints.contains(where: { $0.id == endpointID }), other.start < downtime.end, other.end > downtime.start {
                        errors.add(downtime.field, "\(endpoint.reference) overlaps \(other.field) in the same document.")
                    }
                }
            }
        }
        try HelpdeskError.check(errors)
    }

    static func format(_ seconds: Int64) -> String { ISO8601.format(Date(timeIntervalSince1970: TimeInterval(seconds))) }

    private static func insert(_ downtime: CheckedDowntime, recordedBy: String, in context: ChangeContext) async throws -> UUID {
        let row = DowntimeModel()
        let id = UUID()
        row.id = id
        row.sourceID = downtime.sourceID
        row.classification = downtime.classification
        row.severity = downtime.severity
        row.downtimeDescription = downtime.description
        row.startsAt = downtime.start
        row.endsAt = downtime.end
        row.recordedBy = recordedBy
        row.createdAt = context.now
        try await row.create(on: context.database)
        try await link(id, to: downtime.endpoints, on: context.database)
        return id
    }

    private static func link(_ downtimeID: UUID, to endpoints: [ServiceEndpointModel], on database: any Database) async throws {
        for endpoint in endpoints {
            let link = DowntimeEndpointModel()
            link.id = UUID()
            link.$downtime.id = downtimeID
            link.$endpoint.id = try endpoint.requireID()
            try await link.create(on: database)
        }
    }

    /// Per endpoint, the scheduled outages overlapping `[from, to)`: what replaces the monitored status.
    static func scheduledOutages(of endpointIDs: [Int], from: Int64, to: Int64, on database: any Database) async throws -> [Int: [Range<Int64>]] {
        guard !endpointIDs.isEmpty else { return [:] }
        let links = try await DowntimeEndpointModel.query(on: database).filter(\.$endpoint.$id ~~ endpointIDs)
            .join(DowntimeModel.self, on: \DowntimeEndpointModel.$downtime.$id == \DowntimeModel.$id)
            .filter(DowntimeModel.self, \.$classification == .scheduled).filter(DowntimeModel.self, \.$severity == .outage)
            .filter(DowntimeModel.self, \.$startsAt < to).filter(DowntimeModel.self, \.$endsAt > from).all()
        var outages: [Int: [Range<Int64>]] = [:]
        for link in links {
            let downtime = try link.joined(DowntimeModel.self)
            outages[link.$endpoint.id, default: []].append(downtime.startsAt..<downtime.endsAt)
        }
        return outages
    }
}
