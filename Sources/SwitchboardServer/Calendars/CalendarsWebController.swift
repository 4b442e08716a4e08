import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// The administrators' calendar pages and holiday imports.
struct CalendarsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.calendars.pathComponents, use: calendars)
        signedIn.post(SiteURL.calendars.pathComponents, use: createCalendar)
        signedIn.get(SiteURL.calendar(.key).pathComponents, use: calendar)
        signedIn.post(SiteURL.calendarHolidays(.key).pathComponents, acceptingBodiesUpTo: "1mb", use: addHolidays)
    }

    func calendars(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        return request.render(CalendarsPage.self, try await CalendarsPage.query(request.helpdesk))
    }

    func createCalendar(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let input = try request.content.decode(NewCalendarInput.self)
        do {
            let calendar = try await request.helpdesk.calendars.createCalendar(input, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.calendar(.value(try calendar.requireID())).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await CalendarsPage.query(request.helpdesk)
            model.values = ["name": input.name, "timeZone": input.timeZone, "hours": input.hours].compactMapValues { $0 }
            model.errors = errors.messages
            return request.render(CalendarsPage.self, model, status: .unprocessableEntity)
        }
    }

    func calendar(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        let model = try await CalendarPage.query(request.helpdesk, id: try request.pathUUID("calendarID"))
        return request.render(CalendarPage.self, model)
    }

    struct HolidaysForm: Content {
        var holidays: String?
        var file: File?
    }

    func addHolidays(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let id = try request.pathUUID("calendarID")
        let form = try request.content.decode(HolidaysForm.self)
        let helpdesk = request.helpdesk
        return try await request.submit(CalendarPage.self, reload: { try await CalendarPage.query(helpdesk, id: id) }, show: { model, error in
            model.error = error.message
            model.holidayText = form.holidays ?? ""
        }) {
            var added = 0
            if let file = form.file, file.data.readableBytes > 0 {
                added += try await helpdesk.calendars.importHolidays(ics: String(buffer: file.data), toCalendar: id.uuidString, by: web.signedIn.acting)
            }
            let typed = form.holidays ?? ""
            if !typed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if typed.contains("BEGIN:VCALENDAR") {
                    added += try await helpdesk.calendars.importHolidays(ics: typed, toCalendar: id.uuidString, by: web.signedIn.acting)
                } else {
                    added += try await helpdesk.calendars.addHolidays(try CalendarPage.parseLines(typed).get(), toCalendar: id.uuidString, by: web.signedIn.acting)
                }
            } else if form.file == nil || form.file!.data.readableBytes == 0 {
                throw HelpdeskError.invalid("holidays", "Type holidays or choose an iCalendar file.")
            }
            var model = try await CalendarPage.query(helpdesk, id: id)
            model.notice = "Added \(added) holiday\(added == 1 ? "" : "s")."
            return request.render(CalendarPage.self, model)
        }
    }
}
