import Fluent
import Foundation
import SwitchboardCore

/// What an administrator submits to create a calendar. `hours` uses a compact form:
/// "mon-fri 09:00-17:00", or several parts separated by ";" ("mon-thu 08:00-12:00,13:00-17:00; fri 08:00-12:00").
public struct NewCalendarInput: Codable, Sendable {
    public var name: String?
    public var timeZone: String?
    public var hours: String?

    public init(name: String? = nil, timeZone: String? = nil, hours: String? = nil) {
        self.name = name
        self.timeZone = timeZone
        self.hours = hours
    }
}

/// Reads and writes the weekly pattern in its compact text form.
public enum WeeklyHours {
    static let names: [(String, BusinessCalendar.Weekday)] = [
        ("mon", .monday), ("tue", .tuesday), ("wed", .wednesday), ("thu", .thursday), ("fri", .friday), ("sat", .saturday), ("sun", .sunday),
    ]

    public static let standard = "mon-fri 09:00-17:00"

    public static func parse(_ text: String) -> [BusinessCalendar.Weekday: [BusinessCalendar.Interval]]? {
        var week: [BusinessCalendar.Weekday: [BusinessCalendar.Interval]] = [:]
        for part in text.lowercased().split(separator: ";") {
            let pieces = part.split(whereSeparator: \.isWhitespace)
            guard pieces.count == 2, let days = days(String(pieces[0])) else { return nil }
            var intervals: [BusinessCalendar.Interval] = []
            for range in pieces[1].split(separator: ",") {
                let ends = range.split(separator: "-")
                guard ends.count == 2, let interval = BusinessCalendar.Interval(from: String(ends[0]), to: String(ends[1])) else { return nil }
                intervals.append(interval)
            }
            let sorted = intervals.sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end { return nil }
            for day in days { week[day] = sorted }
        }
        return week.isEmpty ? nil : week
    }

    private static func days(_ text: String) -> [BusinessCalendar.Weekday]? {
        let order = names.map(\.0)
        let ends = text.split(separator: "-").map(String.init)
        guard (1...2).contains(ends.count), let first = order.firstIndex(of: ends[0]), let last = order.firstIndex(of: ends.last!), first <= last else { return nil }
        return names[first...last].map(\.1)
    }

    public static func format(_ week: [BusinessCalendar.Weekday: [BusinessCalendar.Interval]]) -> String {
        func clock(_ seconds: Int) -> String { String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60) }
        return names.compactMap { name, day in
            guard let intervals = week[day], !intervals.isEmpty else { return nil }
            return "\(name) " + intervals.map { "\(clock($0.start))-\(clock($0.end))" }.joined(separator: ",")
        }.joined(separator: "; ")
    }
}

/// Business calendars (DESIGN.md §4): creating them, their holidays, which unit uses which, and
/// the working-time questions administrators ask to check them.
public struct CalendarOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var calendars: CalendarOperations { CalendarOperations(helpdesk: self) }
}

extension CalendarOperations {
    public func createCalendar(_ input: NewCalendarInput, by acting: Acting) async throws -> BusinessCalendarModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may create calendars.") }
        var errors = FieldErrors()
        let name = TicketRules.validateText(input.name, field: "name", required: true, maxLength: 120, into: &errors)
        let zone = input.timeZone.flatMap { $0.isEmpty ? nil : $0 } ?? "UTC"
        if TimeZone(identifier: zone) == nil { errors.add("timeZone", "'\(zone)' is not a known time zone; use an IANA name like Europe/Amsterdam.") }
        let hours = input.hours.flatMap { $0.isEmpty ? nil : $0 } ?? WeeklyHours.standard
        let week = WeeklyHours.parse(hours)
        if week == nil { errors.add("hours", "'\(hours)' is not a weekly pattern; write for example \"mon-fri 09:00-17:00\" or \"mon-thu 08:00-12:00,13:00-17:00; fri 08:00-12:00\".") }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            if try await BusinessCalendarModel.query(on: database).filter(\.$name == name!).first() != nil {
                throw HelpdeskError.invalid("name", "A calendar named '\(name!)' exists already.")
            }
            let model = BusinessCalendarModel()
            model.name = name!
            model.timeZone = zone
            model.week = week!
            model.workingDayLength = BusinessCalendar(timeZone: TimeZone(identifier: zone)!, week: week!).workingDayLength
            model.createdAt = context.now
            try await model.create(on: database)
            return model
        }
    }

    static func calendar(_ reference: String, on database: any Database) async throws -> BusinessCalendarModel? {
        if let id = UUID(uuidString: reference) { return try await BusinessCalendarModel.find(id, on: database) }
        return try await BusinessCalendarModel.query(on: database).filter(\.$name == reference).first()
    }

    /// Adds holidays to a calendar; ones it has already are skipped. Returns how many were new.
    @discardableResult
    public func addHolidays(_ holidays: [Holiday], toCalendar reference: String, by acting: Acting) async throws -> Int {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may change calendars.") }
        var errors = FieldErrors()
        for holiday in holidays {
            _ = TicketRules.validateText(holiday.name, field: "holidays", required: false, maxLength: 200, into: &errors)
        }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let calendar = try await Self.calendar(reference, on: database) else {
                throw HelpdeskError.notFound("There is no calendar '\(reference)'.")
            }
            let existing = try await calendar.$holidays.get(on: database).compactMap(\.holiday)
            var added = 0
            for holiday in holidays where !existing.contains(where: { $0.first == holiday.first && $0.last == holiday.last }) {
                try await CalendarHolidayModel(calendarID: try calendar.requireID(), holiday: holiday).create(on: database)
                added += 1
            }
            return added
        }
    }

    /// Parses an iCalendar holiday feed and adds its holidays.
    @discardableResult
    public func importHolidays(ics: String, toCalendar reference: String, by acting: Acting) async throws -> Int {
        let holidays: [Holiday]
        do {
            holidays = try ICalendarHolidays.parse(ics)
        } catch {
            throw HelpdeskError.invalid("file", "The iCalendar file cannot be read: \(error.description).")
        }
        return try await addHolidays(holidays, toCalendar: reference, by: acting)
    }

    /// Gives a unit a calendar (or, with nil, back the standard week in its own time zone).
    public func setCalendar(ofUnit unitID: UUID, to reference: String?, by acting: Acting) async throws {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may change units.") }
        try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let unit = try await SupportUnitModel.find(unitID, on: database) else { throw HelpdeskError.notFound("There is no such support unit.") }
            if let reference, !reference.isEmpty {
                guard let calendar = try await Self.calendar(reference, on: database) else {
                    throw HelpdeskError.invalid("calendar", "There is no calendar '\(reference)'.")
                }
                unit.$calendar.id = calendar.id
            } else {
                unit.$calendar.id = nil
            }
            try await unit.save(on: database)
        }
    }

    /// The working time of a unit: its calendar, or Monday–Friday 09:00–17:00 in its time zone.
    public func businessCalendar(of unit: SupportUnitModel) async throws -> BusinessCalendar {
        try await Self.businessCalendar(of: unit, on: helpdesk.database)
    }

    static func businessCalendar(of unit: SupportUnitModel, on database: any Database) async throws -> BusinessCalendar {
        guard let calendarID = unit.$calendar.id, let model = try await BusinessCalendarModel.find(calendarID, on: database) else {
            return standardCalendar(of: unit)
        }
        return businessCalendar(model, holidays: try await model.$holidays.get(on: database))
    }

    /// Monday–Friday 09:00–17:00 in the unit's time zone, for a unit without a calendar.
    static func standardCalendar(of unit: SupportUnitModel) -> BusinessCalendar {
        .standard(timeZone: TimeZone(identifier: unit.timeZone) ?? TimeZone(identifier: "UTC")!)
    }

    /// A stored calendar with its holidays, as the core computes with it.
    static func businessCalendar(_ model: BusinessCalendarModel, holidays: [CalendarHolidayModel]) -> BusinessCalendar {
        BusinessCalendar(
            timeZone: TimeZone(identifier: model.timeZone) ?? TimeZone(identifier: "UTC")!, week: model.week,
            holidays: holidays.compactMap(\.holiday), workingDayLength: model.workingDayLength)
    }

    /// "Deadline from FROM plus DURATION" and "working time between FROM and TO" for a unit, as
    /// admins ask them to check a calendar; durations are like "4h", "1wd", "90m".
    public func calendarDeadline(unit reference: String, from: String?, plus: String?) async throws -> (from: Date, deadline: Date, seconds: Int) {
        let (calendar, start) = try await calendarQuestion(unit: reference, from: from)
        let seconds: Int
        do {
            seconds = try WorkingDuration.parse(plus ?? "", workingDayLength: calendar.workingDayLength)
        } catch {
            throw HelpdeskError.invalid("plus", error.description)
        }
        guard let deadline = calendar.deadline(from: start, plus: seconds) else {
            if calendar.deadline(from: start, plus: 1) == nil {
                throw HelpdeskError.conflict("The unit's calendar has no working time at all.")
            }
            throw HelpdeskError.invalid("plus", "\(plus ?? "") is out of range: a deadline is counted at most \(BusinessCalendar.horizonYears) years ahead.")
        }
        return (start, deadline, seconds)
    }

    public func calendarWorkingTime(unit reference: String, from: String?, to: String?) async throws -> (from: Date, to: Date, seconds: Int) {
        let (calendar, start) = try await calendarQuestion(unit: reference, from: from)
        guard let text = to, let end = ISO8601.parseInstant(text) else {
            throw HelpdeskError.invalid("to", "Give 'to' as an ISO 8601 instant with an offset, like 2026-10-02T16:30:00+02:00.")
        }
        return (start, end, calendar.workingTime(from: start, to: end))
    }

    private func calendarQuestion(unit reference: String, from: String?) async throws -> (BusinessCalendar, Date) {
        guard let unit = try await UnitOperations.unit(reference, on: helpdesk.database) else { throw HelpdeskError.notFound("There is no support unit '\(reference)'.") }
        guard let text = from, let start = ISO8601.parseInstant(text) else {
            throw HelpdeskError.invalid("from", "Give 'from' as an ISO 8601 instant with an offset, like 2026-10-02T16:30:00+02:00.")
        }
        return (try await businessCalendar(of: unit), start)
    }
}
