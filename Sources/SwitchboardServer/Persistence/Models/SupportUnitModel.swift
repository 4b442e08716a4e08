import Fluent
import Foundation
import SwitchboardCore

/// A team that tickets are assigned to (DESIGN.md §3).
public final class SupportUnitModel: Model, @unchecked Sendable {
    public static let schema = "support_units"

    @ID(key: .id) public var id: UUID?
    /// Unique, e.g. "DMSU" or "dCache".
    @Field(key: "name") public var name: String
    @Field(key: "tier") public var tier: SupportTier
    @OptionalParent(key: "parent_id") public var parent: SupportUnitModel?
    @Field(key: "mailing_list") public var mailingList: String
    @Field(key: "service_level") public var serviceLevel: String
    /// IANA time zone identifier, e.g. "Europe/Amsterdam".
    @Field(key: "time_zone") public var timeZone: String
    /// Without a calendar the unit works Monday to Friday, 09:00–17:00 in its time zone.
    @OptionalParent(key: "calendar_id") public var calendar: BusinessCalendarModel?
    /// "tue,thu"; nil means the installation's default sweep days.
    @OptionalField(key: "sweep_days") public var sweepDays: String?
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $name, $tier, $parent, $mailingList, $serviceLevel, $timeZone, $calendar, $sweepDays, $createdAt]
    }

    public init() {}

    public init(
        id: UUID? = nil, name: String, tier: SupportTier, parentID: UUID?, mailingList: String,
        serviceLevel: String, timeZone: String, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.tier = tier
        self.$parent.id = parentID
        self.mailingList = mailingList
        self.serviceLevel = serviceLevel
        self.timeZone = timeZone
        self.createdAt = createdAt
    }
}
