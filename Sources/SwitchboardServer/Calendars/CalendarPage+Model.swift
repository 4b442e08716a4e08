import Foundation
import SwitchboardCore

enum CalendarPage: WebPage {
    struct Model {
        var id: UUID
        var name: String
        var timeZone: String
        var hours: String
        var workingDayLength: Int
        var holidays: [Holiday]
        var units: [String]
        var holidayText: String = ""
        var error: String?
        var notice: String?
    }
}
