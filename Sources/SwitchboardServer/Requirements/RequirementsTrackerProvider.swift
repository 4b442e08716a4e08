import Vapor

extension Application {
    private struct RequirementsTrackerKey: StorageKey { typealias Value = any RequirementsTracker }

    /// The requirements queue: Request Tracker from the settings (`SWITCHBOARD_RT_URL`, …), or
    /// the one a test set; nil when none is configured.
    var requirementsTracker: (any RequirementsTracker)? {
        get {
            if let chosen = storage[RequirementsTrackerKey.self] { return chosen }
            return switchboardConfiguration.requirements.tracker.map { RequestTrackerClient(settings: $0, client: http.client.shared) }
        }
        set { storage[RequirementsTrackerKey.self] = newValue }
    }
}

extension PeriodicWorker {
    /// The requirements queue's statuses read back, every SWITCHBOARD_RT_SYNC_MINUTES when a
    /// queue is configured.
    static func requirementSync(_ app: Application) -> PeriodicWorker? {
        let minutes = app.switchboardConfiguration.requirements.syncIntervalMinutes
        guard minutes > 0, let tracker = app.requirementsTracker else { return nil }
        let helpdesk = app.helpdesk
        return PeriodicWorker(name: "Requirements sync", interval: minutes * 60) {
            let report = try await helpdesk.requirements.sync(tracker: tracker)
            return report.resolved + report.rejected + report.failures.count > 0
                ? "\(report.resolved) resolved, \(report.rejected) rejected, \(report.failures.count) not read (\(report.failures.first ?? ""))." : nil
        }
    }
}

/// `switchboard requirements sync`: reads the status of every undecided requirement in the
/// requirements queue once; exits non-zero when some could not be read.
struct RequirementCommands: AsyncCommandGroup {
    var help: String { "Requirements: sync with the requirements queue." }
    var commands: [String: any AnyAsyncCommand] { ["sync": Sync()] }

    struct Sync: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Reads back the requirements queue's statuses (SWITCHBOARD_RT_URL); a decided requirement solves its ticket." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            guard let tracker = app.requirementsTracker else {
                context.console.say("No requirements queue is configured (SWITCHBOARD_RT_URL); nothing to sync.")
                return
            }
            let report = try await app.helpdesk.requirements.sync(tracker: tracker)
            context.console.say("Requirements checked: \(report.checked); resolved: \(report.resolved); rejected: \(report.rejected).")
            for failure in report.failures { context.console.say("Not read: \(failure)") }
            if !report.failures.isEmpty { exit(1) }
        }
    }
}
