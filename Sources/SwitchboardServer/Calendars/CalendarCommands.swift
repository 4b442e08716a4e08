import Foundation
import SwitchboardCore
import Vapor

/// `switchboard calendar …`: create calendars, import holidays, and ask the working-time
/// arithmetic of a unit directly, to check a calendar before relying on it.
struct CalendarCommands: AsyncCommandGroup {
    var help: String { "Business calendars: create, import-holidays, deadline, working-time." }

    var commands: [String: any AnyAsyncCommand] {
        ["create": Create(), "import-holidays": ImportHolidays(), "deadline": Deadline(), "working-time": WorkingTime()]
    }

    /// Runs a helpdesk operation and turns its refusal into a clear message.
    static func run(_ context: CommandContext, _ body: (Helpdesk) async throws -> Void) async throws {
        try await prepareDatabase(context.application, migrate: true)
        do {
            try await body(context.application.helpdesk)
        } catch let error as HelpdeskError {
            throw SwitchboardConfiguration.Invalid(description: error.message)
        }
    }

    struct Create: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "name", help: "The calendar's name (required).") var name: String?
            @Option(name: "time-zone", help: "IANA time zone, e.g. Europe/Paris (default UTC).") var timeZone: String?
            @Option(name: "hours", help: "Weekly working hours (default \"mon-fri 09:00-17:00\").") var hours: String?
            init() {}
        }

        var help: String { "Creates a calendar." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await CalendarCommands.run(context) { helpdesk in
                let calendar = try await helpdesk.calendars.createCalendar(
                    NewCalendarInput(name: signature.name, timeZone: signature.timeZone, hours: signature.hours), by: Acting.system.asAdministrator)
                context.console.say("Created calendar \(calendar.name): \(WeeklyHours.format(calendar.week)) in \(calendar.timeZone).")
            }
        }
    }

    struct ImportHolidays: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "calendar", help: "The calendar's name or id (required).") var calendar: String?
            @Argument(name: "file", help: "An iCalendar (.ics) file of all-day events.") var file: String
            init() {}
        }

        var help: String { "Adds the all-day events of an iCalendar file to a calendar as holidays." }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let calendar = signature.calendar else { throw SwitchboardConfiguration.Invalid(description: "--calendar is required.") }
            guard let data = FileManager.default.contents(atPath: signature.file), let text = String(data: data, encoding: .utf8) else {
                throw SwitchboardConfiguration.Invalid(description: "Cannot read \(signature.file) as UTF-8 text.")
            }
            try await CalendarCommands.run(context) { helpdesk in
                let added = try await helpdesk.calendars.importHolidays(ics: text, toCalendar: calendar, by: Acting.system.asAdministrator)
                context.console.say("Added \(String(added)) holidays to \(calendar).")
            }
        }
    }

    struct Deadline: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "unit", help: "The support unit's name or id (required).") var unit: String?
            @Option(name: "from", help: "ISO 8601 instant with offset, e.g. 2026-10-02T16:30:00+02:00.") var from: String?
            @Option(name: "plus", help: "Working duration: 4h, 90m, 1wd, 2wd4h.") var plus: String?
            init() {}
        }

        var help: String { "Prints when a working duration after an instant ends, in a unit's calendar (UTC)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await CalendarCommands.run(context) { helpdesk in
                let answer = try await helpdesk.calendars.calendarDeadline(unit: signature.unit ?? "", from: signature.from, plus: signature.plus)
                context.console.say("\(ISO8601.format(answer.deadline)) (\(String(answer.seconds)) s of working time)")
            }
        }
    }

    struct WorkingTime: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "unit", help: "The support unit's name or id (required).") var unit: String?
            @Option(name: "from", help: "ISO 8601 instant with offset.") var from: String?
            @Option(name: "to", help: "ISO 8601 instant with offset.") var to: String?
            init() {}
        }

        var help: String { "Prints the working time between two instants in a unit's calendar, in seconds." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await CalendarCommands.run(context) { helpdesk in
                let answer = try await helpdesk.calendars.calendarWorkingTime(unit: signature.unit ?? "", from: signature.from, to: signature.to)
                context.console.say("\(String(answer.seconds)) s (\(WorkingDuration.format(answer.seconds, workingDayLength: 0)))")
            }
        }
    }
}
