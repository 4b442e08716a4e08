import Fluent
import Foundation
import SwitchboardCore

/// A range of whole UTC months, both ends included (`from=2012-05&to=2012-10` is six months).
public struct MonthRange: Sendable, Equatable {
    public var first: YearMonth
    public var last: YearMonth
    public var months: [YearMonth] { YearMonth.months(from: first, through: last) }

    static let maximumMonths = 120

    /// The months a range covers unless told otherwise.
    static let defaultMonths = 6

    /// Defaults: the last six full months before the month of `now`; one end alone gives six
    /// months from or to it.
    public static func parse(from: String?, to: String?, now: Date) throws -> MonthRange {
        var errors = FieldErrors()
        func month(_ text: String?, _ field: String) -> YearMonth? {
            guard let text, !text.isEmpty else { return nil }
            guard let month = YearMonth(text) else { errors.add(field, "\(field) is a month, YYYY-MM."); return nil }
            return month
        }
        let first = month(from, "from"), last = month(to, "to")
        try HelpdeskError.check(errors)
        let span = defaultMonths - 1
        switch (first, last) {
        case let (first?, last?): return try checked(first, last)
        case let (first?, nil): return try checked(first, first.adding(months: span))
        case let (nil, last?): return try checked(last.adding(months: -span), last)
        case (nil, nil):
            let last = YearMonth(containing: Int64(now.timeIntervalSince1970.rounded(.down))).previous
            return try checked(last.adding(months: -span), last)
        }
    }

    private static func checked(_ first: YearMonth, _ last: YearMonth) throws -> MonthRange {
        guard first <= last else { throw HelpdeskError.invalid("to", "to (\(last)) is before from (\(first)).") }
        let count = YearMonth.months(from: first, through: last).count
        guard count <= maximumMonths else { throw HelpdeskError.invalid("to", "A range holds at most \(maximumMonths) months; this one has \(count).") }
        return MonthRange(first: first, last: last)
    }
}

/// One month of a service's (or an endpoint's) availability.
public struct AvailabilityMonth: Sendable, Equatable {
    public var month: YearMonth
    public var durations: StatusDurations
}

/// Availability and reliability of services and endpoints, computed from the stored results
/// and scheduled outages (`ServiceTopology`, `StatusDurations`, core).
public struct AvailabilityOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var availability: AvailabilityOperations { AvailabilityOperations(helpdesk: self) }
}

extension AvailabilityOperations {
    public func monthly(_ service: ServiceModel, range: MonthRange, for principal: Principal) async throws -> [AvailabilityMonth] {
        try ServiceOperations.checkMayRead(principal)
        let timeline = try await Self.timeline(of: service, from: range.first.start, to: range.last.end, on: helpdesk.database)
        return MonthlyAvailability.durations(of: timeline, months: range.months).map { AvailabilityMonth(month: $0.month, durations: $0.durations) }
    }

    /// The service's UTC days of one month.
    public func daily(_ service: ServiceModel, month: YearMonth, for principal: Principal) async throws -> [(day: LocalDate, durations: StatusDurations)] {
        try ServiceOperations.checkMayRead(principal)
        let timeline = try await Self.timeline(of: service, from: month.start, to: month.end, on: helpdesk.database)
        return MonthlyAvailability.days(of: timeline, in: month).map { day in
            let (year, monthNumber, dayNumber) = CivilDay.date(ofDay: day.day)
            return (LocalDate(year: year, month: monthNumber, day: dayNumber), day.durations)
        }
    }

    /// Every endpoint's durations for one month (its own status, with its scheduled outages).
    public func endpoints(in month: YearMonth, for principal: Principal) async throws -> [(endpoint: ServiceEndpointModel, durations: StatusDurations)] {
        try ServiceOperations.checkMayRead(principal)
        let database = helpdesk.database
        let endpoints = try await ServiceEndpointModel.query(on: database).with(\.$service).all()
        let ids = endpoints.compactMap(\.id)
        let metrics = try await MonitoringStore.metricTimelines(of: ids, from: month.start, to: month.end, on: database)
        let outages = try await DowntimeOperations.scheduledOutages(of: ids, from: month.start, to: month.end, on: database)
        return endpoints.map { endpoint in
            let id = endpoint.id!
            let timeline = ServiceTopology.Endpoint(group: endpoint.groupName, metricTimelines: metrics[id] ?? [], scheduledDowntimes: outages[id] ?? []).timeline
            return (endpoint, MonthlyAvailability.durations(of: timeline, months: [month])[0].durations)
        }.sorted { $0.endpoint.reference < $1.endpoint.reference }
    }

    /// The service's status over `[from, to)` by its rule.
    static func timeline(of service: ServiceModel, from: Int64, to: Int64, on database: any Database) async throws -> StatusTimeline {
        let endpoints = try await ServiceEndpointModel.query(on: database).filter(\.$service.$id == service.requireID()).all()
        let ids = endpoints.compactMap(\.id)
        let metrics = try await MonitoringStore.metricTimelines(of: ids, from: from, to: to, on: database)
        let outages = try await DowntimeOperations.scheduledOutages(of: ids, from: from, to: to, on: database)
        return ServiceTopology(rule: service.rule, endpoints: endpoints.map { endpoint in
            ServiceTopology.Endpoint(group: endpoint.groupName, metricTimelines: metrics[endpoint.id!] ?? [], scheduledDowntimes: outages[endpoint.id!] ?? [])
        }).timeline
    }
}
