import Foundation
import SwitchboardCore
import Vapor

struct EndpointResponse: Content {
    var id: Int
    /// `hostname/serviceType`, the name results and downtimes use.
    var endpoint: String
    var hostname: String
    var serviceType: String
    var group: String

    init(_ endpoint: ServiceEndpointModel) {
        id = endpoint.id ?? 0
        self.endpoint = endpoint.reference
        hostname = endpoint.hostname
        serviceType = endpoint.serviceType
        group = endpoint.groupName
    }
}

struct ServiceResponse: Content {
    var id: UUID
    var name: String
    var description: String
    var providerUnit: UnitReference
    var rule: ServiceRule
    var availabilityTarget: Double
    var reliabilityTarget: Double
    /// Priority to working duration ("4h", "1wd").
    var responseTargets: [String: String]
    var endpoints: [EndpointResponse]

    struct UnitReference: Content {
        var id: UUID
        var name: String
    }

    init(_ service: ServiceModel) throws {
        id = try service.requireID()
        name = service.name
        description = service.serviceDescription
        providerUnit = UnitReference(id: try service.providerUnit.requireID(), name: service.providerUnit.name)
        rule = service.rule
        availabilityTarget = service.availabilityTarget
        reliabilityTarget = service.reliabilityTarget
        responseTargets = Dictionary(uniqueKeysWithValues: service.responseTargets.map { ($0.priority.rawValue, $0.target) })
        endpoints = service.endpoints.sorted { $0.reference < $1.reference }.map(EndpointResponse.init)
    }
}

/// One month of `GET /services/{id}/availability` (or one day of `…/availability/days`, with
/// `day` in place of `month`): percentages 0–100 at full precision, null when undefined.
struct AvailabilityRowResponse: Content {
    /// `2026-05`, or `2026-05-01` for a day.
    var period: String
    var availability: Double?
    var reliability: Double?
    var upSeconds: Int64
    var unknownSeconds: Int64
    var scheduledDowntimeSeconds: Int64
    var totalSeconds: Int64
    /// The name of the period's key: `month` or `day`.
    var periodKey = "month"

    init(month: String, durations: StatusDurations) {
        period = month
        availability = durations.availability
        reliability = durations.reliability
        upSeconds = durations.upSeconds
        unknownSeconds = durations.unknownSeconds
        scheduledDowntimeSeconds = durations.scheduledDowntimeSeconds
        totalSeconds = durations.total
    }

    init(day: String, durations: StatusDurations) {
        self.init(month: day, durations: durations)
        periodKey = "day"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        periodKey = container.contains(AnyCodingKey(stringValue: "day")) ? "day" : "month"
        period = try container.decode(String.self, forKey: AnyCodingKey(stringValue: periodKey))
        availability = try container.decodeIfPresent(Double.self, forKey: AnyCodingKey(stringValue: "availability"))
        reliability = try container.decodeIfPresent(Double.self, forKey: AnyCodingKey(stringValue: "reliability"))
        upSeconds = try container.decode(Int64.self, forKey: AnyCodingKey(stringValue: "upSeconds"))
        unknownSeconds = try container.decode(Int64.self, forKey: AnyCodingKey(stringValue: "unknownSeconds"))
        scheduledDowntimeSeconds = try container.decode(Int64.self, forKey: AnyCodingKey(stringValue: "scheduledDowntimeSeconds"))
        totalSeconds = try container.decode(Int64.self, forKey: AnyCodingKey(stringValue: "totalSeconds"))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(period, forKey: AnyCodingKey(stringValue: periodKey))
        try container.encode(availability, forKey: AnyCodingKey(stringValue: "availability"))
        try container.encode(reliability, forKey: AnyCodingKey(stringValue: "reliability"))
        try container.encode(upSeconds, forKey: AnyCodingKey(stringValue: "upSeconds"))
        try container.encode(unknownSeconds, forKey: AnyCodingKey(stringValue: "unknownSeconds"))
        try container.encode(scheduledDowntimeSeconds, forKey: AnyCodingKey(stringValue: "scheduledDowntimeSeconds"))
        try container.encode(totalSeconds, forKey: AnyCodingKey(stringValue: "totalSeconds"))
    }
}

/// One endpoint's month in `GET /monitoring/endpoints`.
struct EndpointAvailabilityResponse: Content {
    var endpoint: String
    var service: String
    var row: AvailabilityRowResponse
}

struct DowntimeResponse: Content {
    var id: UUID
    /// GOCDB's PRIMARY_KEY; null when entered by hand.
    var sourceId: String?
    var classification: GOCDBDowntimeFile.Classification
    var severity: GOCDBDowntimeFile.Severity
    var description: String
    var start: Date
    var end: Date
    var endpoints: [String]
    var recordedBy: String

    init(_ downtime: DowntimeModel) throws {
        id = try downtime.requireID()
        sourceId = downtime.sourceID
        classification = downtime.classification
        severity = downtime.severity
        description = downtime.downtimeDescription
        start = Date(timeIntervalSince1970: TimeInterval(downtime.startsAt))
        end = Date(timeIntervalSince1970: TimeInterval(downtime.endsAt))
        endpoints = downtime.endpoints.map(\.endpoint.reference).sorted()
        recordedBy = downtime.recordedBy
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(sourceId, forKey: .sourceId)
        try container.encode(classification, forKey: .classification)
        try container.encode(severity, forKey: .severity)
        try container.encode(description, forKey: .description)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encode(recordedBy, forKey: .recordedBy)
    }
}

extension MonitoringSummary: Content {}
extension DowntimeImportSummary: Content {}

/// `GET /services/{id}/ola-report`: the report as JSON.
struct OLAReportResponse: Content {
    struct SupportFigure: Content {
        var tickets: Int
        var answered: Int
        var pending: Int
        var meanWorkingHours: Double?
        var meanCalendarHours: Double?
        /// Null without a target or without answered tickets.
        var met: Bool?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tickets, forKey: .tickets)
            try container.encode(answered, forKey: .answered)
            try container.encode(pending, forKey: .pending)
            try container.encode(meanWorkingHours, forKey: .meanWorkingHours)
            try container.encode(meanCalendarHours, forKey: .meanCalendarHours)
            try container.encode(met, forKey: .met)
        }
    }

    struct Month: Content {
        var figures: AvailabilityRowResponse
        var availabilityMet: Bool
        var reliabilityMet: Bool
        /// Per priority that had tickets.
        var support: [String: SupportFigure]
        /// The seed's form, `lu:3.32 vu:0.09`, in working hours.
        var supportSummary: String
    }

    struct Target: Content {
        var target: String
        var hours: Double
    }

    struct Narrative: Content {
        var effort: [OLANarrative.Effort]
        var totalPersonMonths: Double
        var overview: String
        var issuesArising: String
        var measuresPlanned: String
        var foreseenActivities: String
    }

    var service: ServiceResponse.UnitReference
    var providerUnit: String
    var from: String
    var to: String
    var status: String
    var publishedAt: Date?
    var publishedBy: String?
    var computedAt: Date
    var availabilityTarget: Double
    var reliabilityTarget: Double
    var responseTargets: [String: Target]
    var months: [Month]
    var narrative: Narrative

    init(_ report: OLAReport) throws {
        service = .init(id: try report.service.requireID(), name: report.service.name)
        providerUnit = report.service.providerUnit.name
        from = report.range.first.description
        to = report.range.last.description
        status = report.publishedAt == nil ? "draft" : "published"
        publishedAt = report.publishedAt
        publishedBy = report.publishedBy
        let figures = report.figures
        computedAt = figures.computedAt
        availabilityTarget = figures.availabilityTarget
        reliabilityTarget = figures.reliabilityTarget
        responseTargets = Dictionary(uniqueKeysWithValues: figures.responseTargets.map { ($0.priority.rawValue, Target(target: $0.target, hours: $0.hours)) })
        months = figures.months.map { month in
            let response = figures.support(month)
            return Month(
                figures: AvailabilityRowResponse(month: month.month, durations: month.durations),
                availabilityMet: StatusDurations.meets(month.durations.availability, target: figures.availabilityTarget),
                reliabilityMet: StatusDurations.meets(month.durations.reliability, target: figures.reliabilityTarget),
                support: Dictionary(uniqueKeysWithValues: month.support.map { key, figure in
                    let target = figures.responseTargets.first { $0.priority.rawValue == key }
                    return (key, SupportFigure(tickets: figure.tickets, answered: figure.answered, pending: figure.pending,
                                               meanWorkingHours: figure.meanWorkingHours, meanCalendarHours: figure.meanCalendarHours,
                                               met: target.flatMap { target in TicketPriority(rawValue: key).flatMap { response.meets($0, targetHours: target.hours) } }))
                }),
                supportSummary: response.compact)
        }
        let narrative = report.narrative
        self.narrative = Narrative(effort: narrative.effort, totalPersonMonths: narrative.effort.reduce(0) { $0 + $1.personMonths },
                                   overview: narrative.overview, issuesArising: narrative.issuesArising, measuresPlanned: narrative.measuresPlanned,
                                   foreseenActivities: narrative.foreseenActivities)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(service, forKey: .service)
        try container.encode(providerUnit, forKey: .providerUnit)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(status, forKey: .status)
        try container.encode(publishedAt, forKey: .publishedAt)
        try container.encode(publishedBy, forKey: .publishedBy)
        try container.encode(computedAt, forKey: .computedAt)
        try container.encode(availabilityTarget, forKey: .availabilityTarget)
        try container.encode(reliabilityTarget, forKey: .reliabilityTarget)
        try container.encode(responseTargets, forKey: .responseTargets)
        try container.encode(months, forKey: .months)
        try container.encode(narrative, forKey: .narrative)
    }
}
