import Fluent
import Foundation
import SwitchboardCore

/// A named business calendar: time zone, weekly working intervals and holidays.
public final class BusinessCalendarModel: Model, @unchecked Sendable {
    public static let schema = "business_calendars"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "time_zone") public var timeZone: String
    /// The weekly pattern as JSON: weekday number (1 = Sunday) to intervals in seconds.
    @Field(key: "week") var weekJSON: String
    @Field(key: "working_day_length") public var workingDayLength: Int
    @Field(key: "created_at") public var createdAt: Date
    @Children(for: \.$calendar) public var holidays: [CalendarHolidayModel]

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $name, $timeZone, $weekJSON, $workingDayLength, $createdAt, $holidays] }

    public init() {}

    public var week: [BusinessCalendar.Weekday: [BusinessCalendar.Interval]] {
        get {
            let raw = (try? JSONDecoder().decode([String: [BusinessCalendar.Interval]].self, from: Data(weekJSON.utf8))) ?? [:]
            return Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in
                Int(key).flatMap(BusinessCalendar.Weekday.init(rawValue:)).map { ($0, value) }
            })
        }
        set {
            let raw = Dictionary(uniqueKeysWithValues: newValue.map { (String($0.key.rawValue), $0.value) })
            weekJSON = String(decoding: (try? JSONEncoder().encode(raw)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }
}

/// One holiday (a day or a range of days) of a calendar.
public final class CalendarHolidayModel: Model, @unchecked Sendable {
    public static let schema = "calendar_holidays"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "calendar_id") public var calendar: BusinessCalendarModel
    /// "YYYY-MM-DD", both ends included.
    @Field(key: "first_day") public var firstDay: String
    @Field(key: "last_day") public var lastDay: String
    @Field(key: "name") public var name: String

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $calendar, $firstDay, $lastDay, $name] }

    public init() {}

    public init(calendarID: UUID, holiday: Holiday) {
        self.$calendar.id = calendarID
        self.firstDay = holiday.first.description
        self.lastDay = holiday.last.description
        self.name = holiday.name
    }

    public var holiday: Holiday? {
        guard let first = LocalDate(firstDay), let last = LocalDate(lastDay) else { return nil }
        return Holiday(from: first, through: last, name: name)
    }
}
