import Foundation

/// Where an assessed requirement goes (seed 000, "Requirement assessment").
public enum RequirementRoute: String, Codable, CaseIterable, Sendable {
    /// To a third-line product team as a low-priority ticket: the effort is not large.
    case productTeam = "product-team"
    /// Spawned into the requirements queue (EGI's Request Tracker): the effort is considerable.
    case requirementsQueue = "requirements-queue"
}

/// The rules of requirement assessment: second line estimates the effort of a ticket of
/// category `requirement` in person-days; below the threshold it goes to a product team as a
/// `less urgent` ticket, at or above it into the requirements queue.
public enum RequirementRules {
    /// Person-days at and above which a requirement goes to the requirements queue.
    public static let defaultThresholdPersonDays = 5.0
    /// No estimate is larger (about forty person-years).
    public static let maxPersonDays = 10_000.0
    /// The priority a requirement gets when it goes to a product team.
    public static let productTeamPriority = TicketPriority.lessUrgent

    /// An estimate as given: more than 0, at most `maxPersonDays`, a finite number.
    public static func validateEstimate(_ personDays: Double?, into errors: inout FieldErrors) -> Double? {
        guard let personDays else {
            errors.add("personDays", "Give the estimated effort in person-days.")
            return nil
        }
        guard personDays.isFinite, personDays > 0, personDays <= maxPersonDays else {
            errors.add("personDays", "The estimate is a number of person-days above 0 and at most \(Int(maxPersonDays)).")
            return nil
        }
        return personDays
    }

    /// The route an estimate allows: below the threshold the product team, at or above it the
    /// requirements queue.
    public static func route(forEstimate personDays: Double, threshold: Double) -> RequirementRoute {
        personDays < threshold ? .productTeam : .requirementsQueue
    }

    /// Why a route may not be taken now, or nil when it may: the ticket must be a requirement,
    /// open, estimated, not spawned already, and the route must be the one its estimate allows.
    public static func refusal(route: RequirementRoute, category: TicketCategory, status: TicketStatus, estimate: Double?,
                               threshold: Double, alreadySpawned: Bool) -> String? {
        guard category == .requirement else { return "Only tickets of category requirement are routed as requirements." }
        guard status.isOpen else { return "The ticket is \(status.rawValue); only open requirements are routed." }
        guard !alreadySpawned else { return "The requirement is in the requirements queue already." }
        guard let estimate else { return "Estimate the effort first." }
        let allowed = self.route(forEstimate: estimate, threshold: threshold)
        guard allowed == route else {
            let days = Self.format(estimate)
            let limit = Self.format(threshold)
            return allowed == .productTeam
                ? "An effort of \(days) person-days is below \(limit): it goes to a product team, not to the requirements queue."
                : "An effort of \(days) person-days is \(limit) or more: it goes to the requirements queue, not to a product team."
        }
        return nil
    }

    /// Who assesses requirements: second line (a member of a second-line unit) and administrators.
    public static func mayAssess(_ principal: Principal) -> Bool {
        principal.isAdmin || principal.memberships.contains { $0.tier == .secondLine }
    }

    /// Person-days as people write them: `5`, `2.5`.
    public static func format(_ personDays: Double) -> String {
        personDays == personDays.rounded() ? String(Int(personDays)) : String(format: "%.1f", personDays)
    }
}

/// What a requirement in the requirements queue has become, from its tracker's status
/// (Request Tracker's default lifecycle: new, open, stalled, resolved, rejected, deleted).
public enum TrackedRequirementOutcome: String, Codable, Sendable, Equatable {
    case pending
    case resolved
    case rejected

    public init(trackerStatus: String) {
        switch trackerStatus.lowercased() {
        case "resolved": self = .resolved
        case "rejected", "deleted": self = .rejected
        default: self = .pending
        }
    }

    /// The public note on our ticket when the tracker has decided; nil while pending.
    public func note(trackerID: String, url: String) -> String? {
        switch self {
        case .pending: nil
        case .resolved: "The requirement was implemented: requirements queue ticket #\(trackerID) was resolved (\(url))."
        case .rejected: "The requirement was not accepted: requirements queue ticket #\(trackerID) was rejected (\(url))."
        }
    }
}

/// Where a requirement stands, as the requirement report shows it.
public enum RequirementStage: String, Codable, CaseIterable, Sendable {
    /// Not estimated yet.
    case awaitingEstimate = "awaiting-estimate"
    /// Estimated, not routed yet.
    case estimated
    /// Handed to a product team as a less urgent ticket.
    case withProductTeam = "with-product-team"
    /// In the requirements queue, not decided there yet.
    case inRequirementsQueue = "in-requirements-queue"
    /// The queue resolved it: implemented.
    case implemented
    /// The queue rejected (or deleted) it.
    case rejected

    public init(estimated: Bool, route: RequirementRoute?, outcome: TrackedRequirementOutcome?) {
        switch (route, outcome) {
        case (.productTeam?, _): self = .withProductTeam
        case (.requirementsQueue?, .resolved?): self = .implemented
        case (.requirementsQueue?, .rejected?): self = .rejected
        case (.requirementsQueue?, _): self = .inRequirementsQueue
        case (nil, _): self = estimated ? .estimated : .awaitingEstimate
        }
    }
}
