import Fluent
import Foundation
import SwitchboardCore

/// A service that a provider unit runs for the infrastructure ("Operations Portal", "GGUS"),
/// with its OLA's availability and reliability targets (percent).
public final class ServiceModel: Model, @unchecked Sendable {
    public static let schema = "services"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "description") public var serviceDescription: String
    @Parent(key: "provider_unit_id") public var providerUnit: SupportUnitModel
    @Field(key: "rule") public var rule: ServiceRule
    @Field(key: "availability_target") public var availabilityTarget: Double
    @Field(key: "reliability_target") public var reliabilityTarget: Double
    @Field(key: "created_at") public var createdAt: Date
    @Children(for: \.$service) public var endpoints: [ServiceEndpointModel]
    @Children(for: \.$service) public var responseTargets: [ServiceResponseTargetModel]

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $name, $serviceDescription, $providerUnit, $rule, $availabilityTarget, $reliabilityTarget, $createdAt,
         $endpoints, $responseTargets]
    }

    public init() {}
}

/// A monitored endpoint, as GOCDB names it: host and service type. `groupName` is the group it
/// belongs to for the service's `any-per-group` rule (by default its service type).
public final class ServiceEndpointModel: Model, @unchecked Sendable {
    public static let schema = "service_endpoints"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Parent(key: "service_id") public var service: ServiceModel
    @Field(key: "hostname") public var hostname: String
    @Field(key: "service_type") public var serviceType: String
    @Field(key: "group_name") public var groupName: String

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $service, $hostname, $serviceType, $groupName] }

    public init() {}

    /// `hostname/serviceType`, the name results and downtimes use.
    public var reference: String { "\(hostname)/\(serviceType)" }
}

/// The OLA's support response target for one ticket priority ("4h", "1wd").
public final class ServiceResponseTargetModel: Model, @unchecked Sendable {
    public static let schema = "service_response_targets"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "service_id") public var service: ServiceModel
    @Field(key: "priority") public var priority: TicketPriority
    @Field(key: "target") public var target: String

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $service, $priority, $target] }

    public init() {}
}

/// A scheduled or unscheduled downtime of some endpoints, from GOCDB (`sourceID` is its
/// PRIMARY_KEY) or entered by hand. Instants are seconds since 1970, as the computation uses them.
public final class DowntimeModel: Model, @unchecked Sendable {
    public static let schema = "downtimes"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "source_id") public var sourceID: String?
    @Field(key: "classification") public var classification: GOCDBDowntimeFile.Classification
    @Field(key: "severity") public var severity: GOCDBDowntimeFile.Severity
    @Field(key: "description") public var downtimeDescription: String
    @Field(key: "starts_at") public var startsAt: Int64
    @Field(key: "ends_at") public var endsAt: Int64
    /// "GOCDB import" or the person who entered it.
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "created_at") public var createdAt: Date
    @Children(for: \.$downtime) public var endpoints: [DowntimeEndpointModel]

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $sourceID, $classification, $severity, $downtimeDescription, $startsAt, $endsAt, $recordedBy, $createdAt,
         $endpoints]
    }

    public init() {}
}

public final class DowntimeEndpointModel: Model, @unchecked Sendable {
    public static let schema = "downtime_endpoints"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "downtime_id") public var downtime: DowntimeModel
    @Parent(key: "endpoint_id") public var endpoint: ServiceEndpointModel

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $downtime, $endpoint] }

    public init() {}
}

/// An OLA report of a service for a range of months: the narrative sections entered for it and,
/// once published, the figures as they were then (JSON), which later corrections do not change.
public final class OLAReportModel: Model, @unchecked Sendable {
    public static let schema = "ola_reports"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "service_id") public var service: ServiceModel
    @Field(key: "first_month") public var firstMonth: String
    @Field(key: "last_month") public var lastMonth: String
    /// JSON list of `{"person", "personMonths"}`.
    @Field(key: "effort") public var effort: String
    @Field(key: "overview") public var overview: String
    @Field(key: "issues_arising") public var issuesArising: String
    @Field(key: "measures_planned") public var measuresPlanned: String
    @Field(key: "foreseen_activities") public var foreseenActivities: String
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @OptionalField(key: "published_by") public var publishedBy: String?
    @OptionalField(key: "frozen_figures") public var frozenFigures: String?
    @Field(key: "updated_at") public var updatedAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $service, $firstMonth, $lastMonth, $effort, $overview, $issuesArising, $measuresPlanned,
         $foreseenActivities, $publishedAt, $publishedBy, $frozenFigures, $updatedAt]
    }

    public init() {}
}
