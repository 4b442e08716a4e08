import AsyncHTTPClient
import Fluent
import Foundation
import Logging
import SwitchboardCore

/// What one sync did, repository by repository.
public struct SyncReport: Sendable {
    public struct Repository: Sendable {
        public var name: String
        public var stage: ReleaseStage
        /// Why the repository could not be read; nothing was changed for it.
        public var error: String?
        public var packageCount = 0
        /// Releases first seen in this repository.
        public var created = 0
        /// Releases moved forward to this repository's stage.
        public var moved = 0
    }

    public var repositories: [Repository] = []
    public var closedTickets = 0
    public var failed: Bool { repositories.contains { $0.error != nil } }
}

extension ReleaseOperations {
    /// Reads every configured repository (testing before production) and moves the releases
    /// they show forward, creating those not yet known; a release reaching production closes
    /// the tickets it fixes. A repository that cannot be read or parsed changes nothing and is
    /// reported. A second sync of the same metadata changes nothing.
    public func sync(client: HTTPClient, logger: Logger) async throws -> SyncReport {
        let settings = helpdesk.configuration.releases
        let reader = RepositoryReader(client: client, settings: settings)
        var report = SyncReport()
        for source in settings.repositories.sorted(by: { $0.stage < $1.stage }) {
            var entry = SyncReport.Repository(name: source.name, stage: source.stage)
            let wanted = Set(try await ComponentModel.query(on: helpdesk.database).all().map(\.name))
            do {
                let snapshot = try await reader.read(source, wanted: wanted)
                entry.packageCount = snapshot.packageCount
                let acting = Acting(principal: .system, name: "Repository sync (\(source.name))")
                let applied = try await helpdesk.change(by: acting) { context in
                    let result = try await Self.apply(snapshot, in: context)
                    try await Self.recordSync(source, snapshot: snapshot, error: nil, in: context)
                    return result
                }
                entry.created = applied.created
                entry.moved = applied.moved
                report.closedTickets += applied.closed
            } catch let failure as RepositoryReader.Failure {
                entry.error = failure.description
                logger.error("Release sync: \(source.name) (\(source.baseURL)) was not read: \(failure.description)")
                try await helpdesk.change(by: .system) { context in
                    try await Self.recordSync(source, snapshot: nil, error: failure.description, in: context)
                }
            }
            report.repositories.append(entry)
        }
        return report
    }

    /// A sync started by a person (the API's and the releases page's "sync now"): release-unit
    /// members and administrators.
    public func sync(by acting: Acting, client: HTTPClient, logger: Logger) async throws -> SyncReport {
        guard try await mayManageReleases(acting.principal) else {
            throw HelpdeskError.forbidden("Release-unit members and administrators start a sync.")
        }
        return try await sync(client: client, logger: logger)
    }

    /// Inside a change: every catalogue package of the snapshot, oldest version first.
    static func apply(_ snapshot: RepositorySnapshot, in context: ChangeContext) async throws -> (created: Int, moved: Int, closed: Int) {
        let database = context.database
        let names = Set(snapshot.packages.map(\.name))
        guard !names.isEmpty else { return (0, 0, 0) }
        let components = try await ComponentModel.query(on: database).filter(\.$name ~~ Array(names)).all()
        let byName = Dictionary(uniqueKeysWithValues: components.map { ($0.name, $0) })
        var known = Dictionary(grouping: try await ReleaseModel.query(on: database).filter(\.$component.$id ~~ components.compactMap(\.id)).all(),
                               by: { $0.$component.id })
        let stage = snapshot.source.stage
        var result = (created: 0, moved: 0, closed: 0)
        // Each component's waiting tickets are read once; those closed are dropped as it goes.
        let releaseUnit = try await releaseUnit(context.configuration.releases, on: database)
        var waiting: [String: [WaitingFix]] = [:]
        func waitingTickets(of name: String) async throws -> [WaitingFix]? {
            guard stage == .inProduction, let releaseUnit else { return nil }
            if let loaded = waiting[name] { return loaded }
            let loaded = try await Self.fixesWaiting(unit: releaseUnit, component: name, on: database)
            waiting[name] = loaded
            return loaded
        }
        let ordered = snapshot.packages.sorted { $0.name != $1.name ? $0.name < $1.name : RPMVersion.compare($0.label, $1.label) < 0 }
        for package in ordered {
            guard let component = byName[package.name], let componentID = component.id else { continue }
            let releases = known[componentID] ?? []
            if let release = releases.first(where: { $0.version == package.label }) ?? releases.first(where: { isUnreleasedLabel($0.version, of: package.label) }) {
                guard !release.stage.isFinal, release.stage < stage else { continue }
                release.$component.value = component
                result.closed += try await move(release, to: stage, reason: nil, waiting: try await waitingTickets(of: component.name), in: context)
                result.moved += 1
            } else {
                let (release, closed) = try await create(component, version: package.label, stage: stage,
                                                         waiting: try await waitingTickets(of: component.name), releaseUnit: releaseUnit, in: context)
                known[componentID, default: []].append(release)
                result.created += 1
                result.closed += closed
            }
            if let remaining = waiting[component.name] {
                waiting[component.name] = remaining.filter { !ReleaseRules.closes(fixedVersion: $0.fixedVersion, releasedVersion: package.label) }
            }
        }
        return result
    }

    /// Whether a release announced as `announced` (no package release, like `9.2.15`) is the
    /// package `label` (like `9.2.15-1.el9`): the same epoch and version.
    static func isUnreleasedLabel(_ announced: String, of label: String) -> Bool {
        let release = RPMVersion(announced), package = RPMVersion(label)
        return release.release == nil && (release.epoch ?? "0") == (package.epoch ?? "0")
            && RPMVersion.segmentCompare(release.version, package.version) == 0
    }

    private static func recordSync(_ source: RepositorySource, snapshot: RepositorySnapshot?, error: String?, in context: ChangeContext) async throws {
        let record = try await RepositorySyncModel.query(on: context.database).filter(\.$name == source.name).first() ?? {
            let created = RepositorySyncModel()
            created.id = UUID()
            created.name = source.name
            return created
        }()
        record.url = source.baseURL
        record.stage = source.stage
        record.lastAttemptAt = context.now
        record.lastError = error.map { String($0.prefix(2000)) }
        if let snapshot {
            record.lastSuccessAt = context.now
            record.packageCount = snapshot.packageCount
            record.checksum = snapshot.checksum
        }
        try await record.save(on: context.database)
    }

    /// The configured repositories with what their last sync found.
    public func repositoryStatus() async throws -> [(source: RepositorySource, sync: RepositorySyncModel?)] {
        let records = try await RepositorySyncModel.query(on: helpdesk.database).all()
        return helpdesk.configuration.releases.repositories.map { source in (source, records.first { $0.name == source.name }) }
    }
}
