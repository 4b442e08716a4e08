import Foundation
import SwitchboardCore

/// Business calendars (administrators): the list with a form to add one, and each calendar
/// with its holidays and a form to add more, typed or from an iCalendar file.
enum CalendarsPage: WebPage {
    struct Row {
        var id: UUID
        var name: String
        var timeZone: String
        var hours: String
        var holidayCount: Int
        var units: [String]
    }

    struct Model {
        var calendars: [Row]
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
    }
}
