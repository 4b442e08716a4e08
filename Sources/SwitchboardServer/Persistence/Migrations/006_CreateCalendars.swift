import Fluent

struct CreateCalendars: AsyncMigration {
    var name: String { "006_CreateCalendars" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BusinessCalendarModel.schema)
            .id()
            .field("name", .string, .required)
            .field("time_zone", .string, .required)
            .field("week", .string, .required)
            .field("working_day_length", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(CalendarHolidayModel.schema)
            .id()
            .field("calendar_id", .uuid, .required, .references(BusinessCalendarModel.schema, .id, onDelete: .cascade))
            .field("first_day", .string, .required)
            .field("last_day", .string, .required)
            .field("name", .string, .required)
            .unique(on: "calendar_id", "first_day", "last_day")
            .create()
        try await database.schema(SupportUnitModel.schema)
            .field("calendar_id", .uuid, .references(BusinessCalendarModel.schema, .id))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SupportUnitModel.schema).deleteField("calendar_id").update()
        try await database.schema(CalendarHolidayModel.schema).delete()
        try await database.schema(BusinessCalendarModel.schema).delete()
    }
}
