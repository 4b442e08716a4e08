import Foundation
import SwitchboardCore

/// A YUM/DNF repository whose contents say how far releases have come.
public struct RepositorySource: Sendable, Equatable {
    public var name: String
    /// The stage a package in this repository has reached (e.g. testing = staged rollout,
    /// base and updates = production).
    public var stage: ReleaseStage
    /// The repository's base URL, ending in `/`; `repodata/repomd.xml` is below it.
    public var baseURL: String

    public init(name: String, stage: ReleaseStage, baseURL: String) {
        self.name = name
        self.stage = stage
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }
}

/// The settings of the release process.
public struct ReleaseSettings: Sendable, Equatable {
    /// The unit that holds fixed tickets; unset, the first release-tier unit by name.
    public var unitName: String?
    /// Calendar days a ticket may wait in the release unit before it is flagged.
    public var waitingLimitDays = ReleaseRules.defaultWaitingLimitDays
    public var repositories: [RepositorySource] = []
    /// Minutes between syncs inside `serve`; 0 (the default) leaves syncing to the command.
    public var syncIntervalMinutes = 0
    /// The largest primary metadata file fetched, as stored (compressed).
    public var maxMetadataBytes = 256 * 1024 * 1024
    /// The largest it may grow to when decompressed (a guard against decompression bombs).
    public var maxUncompressedBytes = 4 * 1024 * 1024 * 1024
    /// Seconds one repository's fetch may take.
    public var fetchTimeoutSeconds = 300

    public init() {}

    /// `SWITCHBOARD_RELEASE_REPOSITORIES` holds the repositories separated by `;`, each as
    /// `name | stage | base URL`, for example
    /// `UMD-5 el9 testing | in-staged-rollout | https://repository.egi.eu/sw/testing/umd/5/el9/x86_64/`.
    static func read(_ environment: [String: String]) throws -> ReleaseSettings {
        var settings = ReleaseSettings()
        if let name = environment["SWITCHBOARD_RELEASE_UNIT"], !name.isEmpty { settings.unitName = name }
        settings.waitingLimitDays = try SwitchboardConfiguration.integer(environment, "SWITCHBOARD_RELEASE_WAITING_DAYS", default: settings.waitingLimitDays, in: 1...3650)
        settings.syncIntervalMinutes = try SwitchboardConfiguration.integer(environment, "SWITCHBOARD_RELEASE_SYNC_MINUTES", default: 0, in: 0...10_080)
        settings.maxMetadataBytes = try SwitchboardConfiguration.integer(environment, "SWITCHBOARD_RELEASE_SYNC_MAX_BYTES", default: settings.maxMetadataBytes, in: 1024...(1 << 40))
        settings.fetchTimeoutSeconds = try SwitchboardConfiguration.integer(environment, "SWITCHBOARD_RELEASE_SYNC_TIMEOUT", default: settings.fetchTimeoutSeconds, in: 1...86_400)
        settings.repositories = try repositories(environment["SWITCHBOARD_RELEASE_REPOSITORIES"] ?? "")
        return settings
    }

    static func repositories(_ text: String) throws -> [RepositorySource] {
        var sources: [RepositorySource] = []
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !entry.isEmpty {
            let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, !parts[0].isEmpty else {
                throw SwitchboardConfiguration.Invalid(description:
                    "SWITCHBOARD_RELEASE_REPOSITORIES: '\(entry)' is not 'name | stage | base URL'.")
            }
            guard let stage = ReleaseStage(rawValue: parts[1]), stage != .rejected, stage != .announced else {
                throw SwitchboardConfiguration.Invalid(description:
                    "SWITCHBOARD_RELEASE_REPOSITORIES: the stage of \(parts[0]) must be in-verification, in-staged-rollout or in-production; it is '\(parts[1])'.")
            }
            guard let url = URLComponents(string: parts[2]), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
                throw SwitchboardConfiguration.Invalid(description:
                    "SWITCHBOARD_RELEASE_REPOSITORIES: the base URL of \(parts[0]) must be an http or https URL; it is '\(parts[2])'.")
            }
            if sources.contains(where: { $0.name == parts[0] }) {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_RELEASE_REPOSITORIES names \(parts[0]) twice.")
            }
            sources.append(RepositorySource(name: parts[0], stage: stage, baseURL: parts[2]))
        }
        return sources
    }
}
