import Fluent
import Foundation
import SwitchboardCore

/// Reading calendars, for the API and the administrators' pages.
extension CalendarOperations {
    /// Every calendar with its holidays, by name.
    public func all() async throws -> [BusinessCalendarModel] {
        try await BusinessCalendarModel.query(on: helpdesk.database).with(\.$holidays).all()
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// One calendar and its holidays in date order, or `notFound`.
    public func find(_ id: UUID) async throws -> (calendar: BusinessCalendarModel, holidays: [Holiday]) {
        guard let calendar = try await BusinessCalendarModel.find(id, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no such calendar.")
        }
        let holidays = try await calendar.$holidays.get(on: helpdesk.database).compactMap(\.holiday).sorted { $0.first < $1.first }
        return (calendar, holidays)
    }

    /// The names of the units that use each calendar.
    public func unitNamesByCalendar() async throws -> [UUID: [String]] {
        // Units are few: grouped here rather than in SQL.
        let units = try await SupportUnitModel.query(on: helpdesk.database).filter(\.$calendar.$id != nil).all()
        return Dictionary(grouping: units.compactMap { unit in unit.$calendar.id.map { ($0, unit.name) } }, by: \.0).mapValues { $0.map(\.1).sorted() }
    }
}
