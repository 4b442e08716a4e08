import Foundation
import SwitchboardCore

/// Loading CalendarsPage's model through the helpdesk's operations.
extension CalendarsPage {
    static func query(_ helpdesk: Helpdesk) async throws -> Model {
        let calendars = try await helpdesk.calendars.all()
        let unitsByCalendar = try await helpdesk.calendars.unitNamesByCalendar()
        return Model(calendars: try calendars.map {
            let id = try $0.requireID()
            return Row(id: id, name: $0.name, timeZone: $0.timeZone, hours: WeeklyHours.format($0.week), holidayCount: $0.holidays.count,
                       units: unitsByCalendar[id] ?? [])
        })
    }
}
