import Foundation
import SwitchboardCore

/// Loading CalendarPage's model through the helpdesk's operations.
extension CalendarPage {
    static func query(_ helpdesk: Helpdesk, id: UUID) async throws -> Model {
        let (calendar, holidays) = try await helpdesk.calendars.find(id)
        let units = try await helpdesk.calendars.unitNamesByCalendar()[id] ?? []
        return Model(id: id, name: calendar.name, timeZone: calendar.timeZone, hours: WeeklyHours.format(calendar.week),
                     workingDayLength: calendar.workingDayLength, holidays: holidays, units: units)
    }
}
