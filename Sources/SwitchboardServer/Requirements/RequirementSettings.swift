import Foundation
import SwitchboardCore

/// The settings of requirement assessment: the threshold that picks the route, and the
/// requirements queue (Request Tracker) with how often it is read back.
public struct RequirementSettings: Sendable, Equatable {
    public var thresholdPersonDays = RequirementRules.defaultThresholdPersonDays
    /// Unset, "open in the requirements queue" is refused with a message that says so.
    public var tracker: RequestTrackerSettings?
    /// Minutes between syncs of the queue's statuses inside `serve`; 0 leaves it to the command.
    public var syncIntervalMinutes = 60

    public init() {}

    /// `SWITCHBOARD_REQUIREMENT_THRESHOLD` (person-days), `SWITCHBOARD_RT_URL`,
    /// `SWITCHBOARD_RT_QUEUE`, `SWITCHBOARD_RT_TOKEN`, `SWITCHBOARD_RT_SYNC_MINUTES`.
    static func read(_ environment: [String: String]) throws -> RequirementSettings {
        var settings = RequirementSettings()
        if let text = environment["SWITCHBOARD_REQUIREMENT_THRESHOLD"], !text.isEmpty {
            guard let days = Double(text), days.isFinite, days > 0, days <= RequirementRules.maxPersonDays else {
                throw SwitchboardConfiguration.Invalid(description:
                    "SWITCHBOARD_REQUIREMENT_THRESHOLD must be a number of person-days above 0; it is '\(text)'.")
            }
            settings.thresholdPersonDays = days
        }
        settings.syncIntervalMinutes = try SwitchboardConfiguration.integer(environment, "SWITCHBOARD_RT_SYNC_MINUTES", default: 60, in: 0...10_080)
        let url = environment["SWITCHBOARD_RT_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let token = environment["SWITCHBOARD_RT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else {
            if token != nil {
                throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_RT_TOKEN is set but SWITCHBOARD_RT_URL is not.")
            }
            return settings
        }
        guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme?.lowercased() ?? ""), parts.host?.isEmpty == false else {
            throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_RT_URL must be Request Tracker's http or https address; it is '\(url)'.")
        }
        guard let token else {
            throw SwitchboardConfiguration.Invalid(description: "SWITCHBOARD_RT_URL is set: SWITCHBOARD_RT_TOKEN must hold an auth token of Request Tracker.")
        }
        let queue = environment["SWITCHBOARD_RT_QUEUE"].flatMap { $0.isEmpty ? nil : $0 } ?? "Requirements"
        settings.tracker = RequestTrackerSettings(baseURL: url, queue: queue, token: token)
        return settings
    }
}
