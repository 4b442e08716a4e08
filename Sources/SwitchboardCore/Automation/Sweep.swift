import Foundation

/// Why a ticket stands out on its unit's sweep agenda.
public enum SweepFlag: String, Codable, CaseIterable, Sendable {
    /// No supporter has reacted for the stale-flag period (3 working days by default).
    case noReaction = "no-reaction"
    /// Waiting for the submitter, or on hold, for longer than the rules allow.
    case waitingTooLong = "waiting-too-long"
    /// The unit has not answered within its response target.
    case responseOverdue = "response-overdue"
    /// A very urgent or top-priority ticket without a named responsible person.
    case highPriorityWithoutResponsible = "high-priority-without-responsible"
    /// A very urgent or top-priority ticket in second or third line without an ETA.
    case highPriorityWithoutETA = "high-priority-without-eta"
    /// A fixed ticket that has waited in the release unit longer than a typical release cycle.
    case missedReleaseCycle = "missed-release-cycle"

    public var title: String {
        switch self {
        case .noReaction: "No reaction"
        case .waitingTooLong: "Waiting too long"
        case .responseOverdue: "Response overdue"
        case .highPriorityWithoutResponsible: "No responsible person"
        case .highPriorityWithoutETA: "No ETA"
        case .missedReleaseCycle: "Missed a release cycle"
        }
    }
}

/// What a very urgent or top-priority ticket must have (DESIGN.md §5, high priority).
public enum HighPriorityRules {
    public enum Requirement: String, Codable, CaseIterable, Sendable {
        case responsiblePerson = "responsible-person"
        case eta
    }

    /// What the ticket still lacks. First line routes and needs neither; from second line on
    /// a named responsible person is required, and second and third line set an ETA.
    public static func missing(priority: TicketPriority, status: TicketStatus, tier: SupportTier, hasResponsible: Bool, hasETA: Bool) -> [Requirement] {
        guard priority.isHigh, status.isOpen, tier != .firstLine else { return [] }
        var missing: [Requirement] = []
        if !hasResponsible { missing.append(.responsiblePerson) }
        if !hasETA && (tier == .secondLine || tier == .thirdLine) { missing.append(.eta) }
        return missing
    }
}

/// The facts the sweep agenda flags a ticket by, measured in the unit's working time.
public struct SweepFacts: Sendable, Equatable {
    public var status: TicketStatus
    public var priority: TicketPriority
    public var tier: SupportTier
    public var hasResponsible: Bool
    public var hasETA: Bool
    /// Working seconds since the last supporter reaction (or since the ticket reached the unit).
    public var workingSecondsSinceReaction: Int
    /// Working seconds since the ticket entered its status.
    public var workingSecondsInStatus: Int
    /// Whether the unit's response target has passed without an answer.
    public var responseOverdue: Bool
    /// In the release unit: whether the ticket has waited for its release longer than the limit.
    public var waitedTooLongForRelease: Bool

    public init(status: TicketStatus, priority: TicketPriority, tier: SupportTier, hasResponsible: Bool, hasETA: Bool,
                workingSecondsSinceReaction: Int, workingSecondsInStatus: Int, responseOverdue: Bool, waitedTooLongForRelease: Bool = false) {
        self.waitedTooLongForRelease = waitedTooLongForRelease
        self.status = status
        self.priority = priority
        self.tier = tier
        self.hasResponsible = hasResponsible
        self.hasETA = hasETA
        self.workingSecondsSinceReaction = workingSecondsSinceReaction
        self.workingSecondsInStatus = workingSecondsInStatus
        self.responseOverdue = responseOverdue
    }
}

public enum SweepRules {
    public static func flags(_ facts: SweepFacts, rules: AutomationRules, workingDayLength: Int) -> [SweepFlag] {
        var flags: [SweepFlag] = []
        // Fixed tickets in the release unit wait for their release, not for a supporter's
        // reaction: their wait is flagged once it exceeds a release cycle.
        if facts.waitedTooLongForRelease { flags.append(.missedReleaseCycle) }
        if facts.tier != .release && AutomationRules.isActive(facts.status)
            && facts.workingSecondsSinceReaction >= rules.staleFlagDays * workingDayLength {
            flags.append(.noReaction)
        }
        if (facts.status == .waitingForReply || facts.status == .onHold)
            && facts.workingSecondsInStatus >= rules.waitingTooLongDays * workingDayLength {
            flags.append(.waitingTooLong)
        }
        if facts.responseOverdue { flags.append(.responseOverdue) }
        for requirement in HighPriorityRules.missing(
            priority: facts.priority, status: facts.status, tier: facts.tier, hasResponsible: facts.hasResponsible, hasETA: facts.hasETA) {
            flags.append(requirement == .responsiblePerson ? .highPriorityWithoutResponsible : .highPriorityWithoutETA)
        }
        return flags
    }

    /// The order of the agenda's groups: what needs the unit first.
    public static let statusOrder: [TicketStatus] = [.new, .assigned, .reopened, .inProgress, .waitingForReply, .onHold]

    /// The first sweep day on or after `day` that is a working day of the calendar (a sweep
    /// that falls on a holiday does not happen). Nil without sweep days.
    public static func nextSweep(onOrAfter day: LocalDate, sweepDays: Set<BusinessCalendar.Weekday>, calendar: BusinessCalendar) -> LocalDate? {
        guard !sweepDays.isEmpty else { return nil }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        guard var date = gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return nil }
        for _ in 0..<(366 * 2) {
            let parts = gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let local = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
            if let weekday = BusinessCalendar.Weekday(rawValue: parts.weekday!), sweepDays.contains(weekday),
               !(calendar.week[weekday] ?? []).isEmpty, !calendar.isHoliday(local) {
                return local
            }
            date = gregorian.date(byAdding: .day, value: 1, to: date)!
        }
        return nil
    }

    static let dayNames: [(String, BusinessCalendar.Weekday)] = [
        ("mon", .monday), ("tue", .tuesday), ("wed", .wednesday), ("thu", .thursday), ("fri", .friday), ("sat", .saturday), ("sun", .sunday),
    ]

    /// "tue,thu" (also "Tuesday, Thursday"); nil when a name is not a weekday or none is given.
    public static func parseDays(_ text: String) -> Set<BusinessCalendar.Weekday>? {
        var days: Set<BusinessCalendar.Weekday> = []
        for part in text.lowercased().split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            // "tue", "tues", "tuesday": at least three letters of the full name.
            guard name.count >= 3, let day = fullNames.first(where: { $0.value.hasPrefix(name) })?.key else { return nil }
            days.insert(day)
        }
        return days.isEmpty ? nil : days
    }

    /// "tue,thu", in week order from Monday.
    public static func formatDays(_ days: Set<BusinessCalendar.Weekday>) -> String {
        dayNames.filter { days.contains($0.1) }.map(\.0).joined(separator: ",")
    }

    private static let fullNames: [BusinessCalendar.Weekday: String] = [
        .monday: "monday", .tuesday: "tuesday", .wednesday: "wednesday", .thursday: "thursday", .friday: "friday",
        .saturday: "saturday", .sunday: "sunday",
    ]

    public static func weekdayName(_ day: BusinessCalendar.Weekday) -> String { fullNames[day]!.capitalized }

    /// "Tuesday", "Thursday": the days' names in week order from Monday.
    public static func weekdayNames(_ days: Set<BusinessCalendar.Weekday>) -> [String] {
        dayNames.map(\.1).filter(days.contains).map(weekdayName)
    }
}

/// The submitter's escalation of an overdue ticket, in three steps (DESIGN.md §5): the unit,
/// then the unit and first line, then also ticket monitoring.
public enum Escalation {
    public static let maxStep = 3

    public enum Audience: String, Codable, Sendable, CaseIterable {
        case unit
        case firstLine = "first-line"
        case monitoring
    }

    public static func audience(forStep step: Int) -> [Audience] {
        Array(Audience.allCases.prefix(max(0, min(step, maxStep))))
    }

    public struct Facts: Sendable {
        public var roles: Set<TicketRole>
        public var status: TicketStatus
        /// Steps taken so far with the current unit (0 to 3).
        public var step: Int
        /// The response target passed without an answer, or no supporter reacted for the stale-flag period.
        public var overdue: Bool
        /// Working seconds since the previous step, if there was one.
        public var workingSecondsSinceLastStep: Int?

        public init(roles: Set<TicketRole>, status: TicketStatus, step: Int, overdue: Bool, workingSecondsSinceLastStep: Int?) {
            self.roles = roles
            self.status = status
            self.step = step
            self.overdue = overdue
            self.workingSecondsSinceLastStep = workingSecondsSinceLastStep
        }
    }

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var description: String
        /// Whether the refusal is about who is asking (403) rather than the ticket's state (409).
        public var isPermission: Bool
    }

    /// Nil when the escalation may go ahead; otherwise why not.
    public static func refusal(_ facts: Facts, rules: AutomationRules, workingDayLength: Int) -> Refusal? {
        guard facts.roles.contains(.submitter) else {
            return Refusal(description: "Only the submitter may escalate a ticket.", isPermission: true)
        }
        guard facts.status.isOpen else {
            return Refusal(description: "The ticket is \(facts.status.rawValue); only open tickets can be escalated.", isPermission: false)
        }
        guard facts.status != .waitingForReply else {
            return Refusal(description: "The ticket is waiting for your reply; answer it instead of escalating.", isPermission: false)
        }
        guard facts.step < maxStep else {
            return Refusal(description: "The ticket has been escalated \(maxStep) times already, to everyone who can help.", isPermission: false)
        }
        guard facts.overdue else {
            return Refusal(description: "The ticket is not overdue: its unit is within its response target and has reacted in the last \(rules.staleFlagDays) working days.", isPermission: false)
        }
        if let since = facts.workingSecondsSinceLastStep, since < rules.escalationStepDays * workingDayLength {
            return Refusal(description: "The last escalation was less than \(rules.escalationStepDays) working day(s) ago; give the supporters that long to react.", isPermission: false)
        }
        return nil
    }
}
