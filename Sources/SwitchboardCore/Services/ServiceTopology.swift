import Foundation

/// How a service's status follows from its endpoints', as ARGO's aggregation profiles combine
/// service groups: `all` — the service is up only when every endpoint is (AND over all);
/// `anyPerGroup` — within each group of endpoints (by default the endpoints of one service type)
/// one up endpoint suffices (OR), and every group must be up (AND across groups).
///
/// An endpoint's own status is its metrics' statuses combined with AND (a result without a
/// metric is the endpoint's service-level status and takes part as one more metric), with its
/// scheduled downtimes laid over it (`StatusTimeline.withScheduledDowntimes`) before endpoints
/// are combined.
public enum ServiceRule: String, Sendable, Codable, CaseIterable {
    case all
    case anyPerGroup = "any-per-group"
}

public struct ServiceTopology: Sendable {
    public struct Endpoint: Sendable {
        public var group: String
        /// One timeline per metric (the endpoint-level status counts as one).
        public var metricTimelines: [StatusTimeline]
        /// Scheduled (outage) downtimes, half-open intervals in seconds since 1970.
        public var scheduledDowntimes: [Range<Int64>]

        public init(group: String, metricTimelines: [StatusTimeline], scheduledDowntimes: [Range<Int64>]) {
            self.group = group
            self.metricTimelines = metricTimelines
            self.scheduledDowntimes = scheduledDowntimes
        }

        /// The endpoint's status: metrics with AND (none: MISSING), then its scheduled downtimes.
        public var timeline: StatusTimeline {
            StatusTimeline.combine(metricTimelines, .and).withScheduledDowntimes(scheduledDowntimes)
        }
    }

    public var rule: ServiceRule
    public var endpoints: [Endpoint]

    public init(rule: ServiceRule, endpoints: [Endpoint]) {
        self.rule = rule
        self.endpoints = endpoints
    }

    /// The service's status over time. A service without endpoints is MISSING throughout.
    public var timeline: StatusTimeline {
        let timelines = endpoints.map(\.timeline)
        switch rule {
        case .all:
            return StatusTimeline.combine(timelines, .and)
        case .anyPerGroup:
            var groups: [String: [StatusTimeline]] = [:]
            for (endpoint, timeline) in zip(endpoints, timelines) { groups[endpoint.group, default: []].append(timeline) }
            return StatusTimeline.combine(groups.keys.sorted().map { StatusTimeline.combine(groups[$0]!, .or) }, .and)
        }
    }
}

/// Availability and reliability per UTC day and per month: each month's durations are the sums
/// of its days'.
public enum MonthlyAvailability {
    public static func durations(of timeline: StatusTimeline, months: [YearMonth]) -> [(month: YearMonth, durations: StatusDurations)] {
        months.map { month in (month, days(of: timeline, in: month).reduce(StatusDurations()) { $0 + $1.durations }) }
    }

    /// The month's UTC days, each with its durations; `day` counts days since 1970-01-01.
    public static func days(of timeline: StatusTimeline, in month: YearMonth) -> [(day: Int, durations: StatusDurations)] {
        (month.firstDay..<month.next.firstDay).map { day in
            let start = Int64(day) * 86_400
            return (day, timeline.durations(from: start, to: start + 86_400))
        }
    }
}
