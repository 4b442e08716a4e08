import Foundation

/// An endpoint's (or a service's) status over time, as ARGO builds status timelines: each result
/// holds from its instant until the next result; before the first result the status is MISSING.
/// Instants are whole seconds since 1970 (UTC).
public struct StatusTimeline: Sendable, Equatable {
    /// The status from `at` until the next change.
    public struct Change: Sendable, Equatable {
        public var at: Int64
        public var status: MonitoringStatus

        public init(at: Int64, status: MonitoringStatus) {
            self.at = at
            self.status = status
        }
    }

    /// Strictly increasing instants; each status differs from the one before it (the first from MISSING).
    public private(set) var changes: [Change]

    /// The timeline of these results, in any order. Two results at the same instant: the later
    /// one in the list wins.
    public init(results: [Change]) {
        var ordered = results
        // Stored days come in order already; only results in another order are sorted.
        if zip(results, results.dropFirst()).contains(where: { $0.at >= $1.at }) {
            ordered = results.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            var deduplicated: [Change] = []
            deduplicated.reserveCapacity(ordered.count)
            for result in ordered {
                if deduplicated.last?.at == result.at { deduplicated[deduplicated.count - 1] = result } else { deduplicated.append(result) }
            }
            ordered = deduplicated
        }
        changes = []
        var current = MonitoringStatus.missing
        for result in ordered where result.status != current {
            changes.append(result)
            current = result.status
        }
    }

    /// A timeline already in order (the changes of another timeline, merged).
    private init(normalised: [Change]) { changes = normalised }

    /// Always one status.
    public static func constant(_ status: MonitoringStatus) -> StatusTimeline {
        StatusTimeline(results: [Change(at: Int64.min, status: status)])
    }

    public func status(at instant: Int64) -> MonitoringStatus {
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? .missing : changes[low - 1].status
    }

    /// The timeline with these scheduled downtimes laid over it: inside a downtime the status is
    /// DOWNTIME, whatever was monitored; outside, the monitored status. Intervals are half-open
    /// `[start, end)` and may overlap.
    public func withScheduledDowntimes(_ downtimes: [Range<Int64>]) -> StatusTimeline {
        guard !downtimes.isEmpty else { return self }
        var boundaries = Set(changes.map(\.at))
        for downtime in downtimes { boundaries.insert(downtime.lowerBound); boundaries.insert(downtime.upperBound) }
        let merged = Self.merge(downtimes)
        var results: [Change] = []
        for instant in boundaries.sorted() {
            let inDowntime = merged.contains { $0.contains(instant) }
            results.append(Change(at: instant, status: inDowntime ? .downtime : status(at: instant)))
        }
        return StatusTimeline(results: results)
    }

    /// Overlapping and touching intervals joined, in order.
    static func merge(_ intervals: [Range<Int64>]) -> [Range<Int64>] {
        var merged: [Range<Int64>] = []
        for interval in intervals.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, interval.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, interval.upperBound)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// The timelines combined instant by instant with ARGO's truth table for `operation`
    /// (`MonitoringStatus.combine`). No timelines: MISSING throughout.
    public static func combine(_ timelines: [StatusTimeline], _ operation: MonitoringStatus.Operation) -> StatusTimeline {
        guard let first = timelines.first else { return StatusTimeline(normalised: []) }
        guard timelines.count > 1 else { return first }
        let instants = Set(timelines.flatMap { $0.changes.map(\.at) }).sorted()
        var cursors = Array(repeating: 0, count: timelines.count)
        var results: [Change] = []
        results.reserveCapacity(instants.count)
        for instant in instants {
            var combined: MonitoringStatus?
            for (index, timeline) in timelines.enumerated() {
                while cursors[index] < timeline.changes.count, timeline.changes[cursors[index]].at <= instant { cursors[index] += 1 }
                let status = cursors[index] == 0 ? MonitoringStatus.missing : timeline.changes[cursors[index] - 1].status
                combined = combined.map { MonitoringStatus.combine($0, status, operation) } ?? status
            }
            results.append(Change(at: instant, status: combined!))
        }
        return StatusTimeline(results: results)
    }

    /// Seconds spent in each status within `[start, end)`.
    public func durations(from start: Int64, to end: Int64) -> StatusDurations {
        var durations = StatusDurations()
        guard end > start else { return durations }
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].at <= start { low = middle + 1 } else { high = middle }
        }
        var index = low
        var current = index == 0 ? MonitoringStatus.missing : changes[index - 1].status
        var from = start
        while index < changes.count, changes[index].at < end {
            durations.add(changes[index].at - from, to: current)
            from = changes[index].at
            current = changes[index].status
            index += 1
        }
        durations.add(end - from, to: current)
        return durations
    }
}
