import Fluent
import Foundation
import SwitchboardCore

/// The release unit's tickets, grouped by the component and version that fix them.
public struct ReleaseQueue: Sendable {
    public struct Ticket: Sendable {
        public var id: Int
        public var subject: String
        public var priority: TicketPriority
        public var status: TicketStatus
        public var fixedAt: Date
        /// Whole calendar days since the fix was recorded.
        public var waitingDays: Int
        /// Waited longer than the limit: it missed a typical release cycle.
        public var overdue: Bool
    }

    public struct Group: Sendable {
        public var component: String
        public var version: String
        public var tickets: [Ticket]
    }

    public var unitName: String?
    public var limitDays: Int
    /// By component, then version oldest first.
    public var groups: [Group]
    public var overdueCount: Int { groups.reduce(0) { $0 + $1.tickets.filter(\.overdue).count } }
}

extension ReleaseOperations {
    /// What the release unit holds, for everyone who supports (first line and the product teams
    /// watch it too).
    public func queue(for principal: Principal) async throws -> ReleaseQueue {
        guard principal.isSupporter || principal.isAdmin else { throw HelpdeskError.forbidden("The release queue is for supporters.") }
        let settings = helpdesk.configuration.releases
        let now = helpdesk.clock.now()
        guard let unit = try await Self.releaseUnit(settings, on: helpdesk.database) else {
            return ReleaseQueue(unitName: nil, limitDays: settings.waitingLimitDays, groups: [])
        }
        let tickets = try await Self.waitingTickets(unit: unit, component: nil, on: helpdesk.database)
        var groups: [String: [String: [ReleaseQueue.Ticket]]] = [:]
        for ticket in tickets {
            let since = ticket.fixedAt ?? ticket.updatedAt
            let entry = ReleaseQueue.Ticket(
                id: try ticket.requireID(), subject: ticket.subject, priority: ticket.priority, status: ticket.status, fixedAt: since,
                waitingDays: max(0, Int(now.timeIntervalSince(since) / 86_400)),
                overdue: ReleaseRules.hasWaitedTooLong(since: since, now: now, limitDays: settings.waitingLimitDays))
            groups[ticket.fixedComponent ?? "", default: [:]][ticket.fixedVersion ?? "", default: []].append(entry)
        }
        let ordered = groups.keys.sorted().flatMap { component in
            groups[component]!.keys.sorted { RPMVersion.compare($0, $1) < 0 }.map { version in
                ReleaseQueue.Group(component: component, version: version, tickets: groups[component]![version]!)
            }
        }
        return ReleaseQueue(unitName: unit.name, limitDays: settings.waitingLimitDays, groups: ordered)
    }
}
