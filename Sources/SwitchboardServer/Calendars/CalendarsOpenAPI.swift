import SwitchboardCore

/// The Calendars part of the OpenAPI document.
extension OpenAPIDocument {
    static let calendarPaths: [(String, JSONValue)] = [
        ("/api/v1/calendars", [
            "get": operation("List business calendars", id: "listCalendars", responses: [("200", ok("Calendars", array(ref("Calendar"))))]),
            "post": operation(
                "Create a calendar (administrators)", id: "createCalendar", body: json(ref("NewCalendar")),
                responses: [("201", ok("Created", ref("Calendar")))]),
        ]),
        ("/api/v1/calendars/{calendarID}/holidays", ["post": operation(
            "Add holidays: JSON, or an iCalendar file as text/calendar (administrators)", id: "addHolidays",
            parameters: [pathParameter("calendarID", string)],
            body: ["content": [
                "application/json": ["schema": object([("holidays", array(object([("first", string), ("last", string), ("name", string)], required: ["first"])))], required: ["holidays"])],
                "text/calendar": ["schema": ["type": "string"]],
            ]],
            responses: [("200", ok("How many were new", object([("added", integer)], required: ["added"])))])]),
        ("/api/v1/support-units/{unitID}/calendar", ["put": operation(
            "Give a unit a calendar, or null for the standard week (administrators)", id: "setUnitCalendar", parameters: [unitID],
            body: json(object([("calendar", ["type": ["string", "null"]])], required: [])), responses: [("200", ok("The unit", ref("SupportUnit")))])]),
        ("/api/v1/support-units/{unitID}/calendar/deadline", ["get": operation(
            "When a working duration after an instant ends, in the unit's calendar", id: "calendarDeadline",
            parameters: [unitID, requiredQuery("from", "ISO 8601 instant with offset"), requiredQuery("plus", "Working duration: 4h, 90m, 1wd")],
            responses: [("200", ok("The deadline", object([("from", dateTime), ("seconds", integer), ("deadline", dateTime)], required: ["from", "seconds", "deadline"])))])]),
        ("/api/v1/support-units/{unitID}/calendar/working-time", ["get": operation(
            "Working time between two instants, in the unit's calendar", id: "calendarWorkingTime",
            parameters: [unitID, requiredQuery("from", "ISO 8601 instant with offset"), requiredQuery("to", "ISO 8601 instant with offset")],
            responses: [("200", ok("Seconds of working time", object([("from", dateTime), ("to", dateTime), ("seconds", integer)], required: ["from", "to", "seconds"])))])]),
    ]

    static let calendarSchemas: [(String, JSONValue)] = [
        ("NewCalendar", object([
            ("name", text), ("timeZone", string), ("hours", ["type": "string", "description": "e.g. mon-fri 09:00-17:00"]),
        ], required: ["name"])),
        ("Calendar", object([
            ("id", uuid), ("name", string), ("timeZone", string), ("hours", string), ("workingDayLength", integer),
            ("holidays", array(object([("first", string), ("last", string), ("name", string)], required: ["first"]))),
        ], required: ["id", "name", "timeZone", "hours", "workingDayLength", "holidays"])),
    ]
}
