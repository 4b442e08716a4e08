import Foundation

/// Support response of a provider unit per ticket priority over a month, as the OLA report
/// shows it: of the tickets first assigned to the unit in the month, the mean time from that
/// assignment to the unit's first reaction (first public comment or status change), in working
/// hours of the unit's calendar and, as a second figure, in calendar hours. Tickets without a
/// reaction yet are pending and left out of the means.
public struct SupportResponse: Sendable, Equatable, Codable {
    public struct Figure: Sendable, Equatable, Codable {
        public var tickets: Int
        public var answered: Int
        public var pending: Int
        /// Nil when no ticket was answered.
        public var meanWorkingHours: Double?
        public var meanCalendarHours: Double?
    }

    /// One ticket: its priority, and the working and calendar hours to the first reaction (nil: none yet).
    public struct Ticket: Sendable {
        public var priority: TicketPriority
        public var workingHours: Double?
        public var calendarHours: Double?

        public init(priority: TicketPriority, workingHours: Double?, calendarHours: Double?) {
            self.priority = priority
            self.workingHours = workingHours
            self.calendarHours = calendarHours
        }
    }

    /// Only priorities that had tickets.
    public var byPriority: [TicketPriority: Figure]

    public init(tickets: [Ticket]) {
        var grouped: [TicketPriority: [Ticket]] = [:]
        for ticket in tickets { grouped[ticket.priority, default: []].append(ticket) }
        byPriority = grouped.mapValues { tickets in
            let answered = tickets.filter { $0.workingHours != nil }
            return Figure(tickets: tickets.count, answered: answered.count, pending: tickets.count - answered.count,
                          meanWorkingHours: Summary(answered.compactMap(\.workingHours)).mean,
                          meanCalendarHours: Summary(answered.compactMap(\.calendarHours)).mean)
        }
    }

    /// The seed's short names: `lu` less urgent, `u` urgent, `vu` very urgent, `tp` top priority.
    public static func abbreviation(_ priority: TicketPriority) -> String {
        switch priority {
        case .lessUrgent: "lu"
        case .urgent: "u"
        case .veryUrgent: "vu"
        case .topPriority: "tp"
        }
    }

    /// `lu:3.32 vu:0.09`: the mean working hours of each priority that had answered tickets,
    /// from the least urgent up, two decimals; "–" when none.
    public var compact: String {
        let parts = TicketPriority.allCases.compactMap { priority -> String? in
            guard let mean = byPriority[priority]?.meanWorkingHours else { return nil }
            return "\(Self.abbreviation(priority)):\(String(format: "%.2f", mean))"
        }
        return parts.isEmpty ? "–" : parts.joined(separator: " ")
    }

    /// A priority's target is met when its mean working hours are at most the target; a
    /// priority without answered tickets has nothing to judge (nil).
    public func meets(_ priority: TicketPriority, targetHours: Double) -> Bool? {
        byPriority[priority]?.meanWorkingHours.map { $0 <= targetHours }
    }
}
