import SwitchboardCore

/// The Automation part of the OpenAPI document.
extension OpenAPIDocument {
    static let automationPaths: [(String, JSONValue)] = [
        ("/api/v1/support-units/{unitID}/sweep", ["get": operation(
            "The unit's sweep agenda: open tickets by status, with colours, ages and flags (supporters)", id: "getSweepAgenda",
            parameters: [unitID, queryParameter("asOf", string, "ISO 8601 instant to compute the agenda at (default now)")],
            responses: [("200", ok("The agenda", ref("SweepAgenda")))])]),
        ("/api/v1/tickets/{ticketID}/sweep-notes", ["post": operation(
            "Record a progress note during the unit's sweep (supporters; internal)", id: "addSweepNote", parameters: [ticketID],
            body: json(ref("SweepNoteRequest")), responses: [("201", ok("The event", ref("Event")))])]),
    ]

    static let automationSchemas: [(String, JSONValue)] = [
        ("SweepNoteRequest", object([("note", text)], required: ["note"])),
        ("SweepAgenda", object([
            ("unit", unitReference), ("generatedAt", dateTime), ("sweepDays", array(string)), ("nextSweep", string),
            ("groups", array(object([
                ("status", enumeration(TicketStatus.self)),
                ("tickets", array(object([
                    ("id", integer), ("subject", string), ("priority", enumeration(TicketPriority.self)),
                    ("colour", enumeration(ResponseColour.self)), ("responseDueAt", dateTime), ("assignee", string),
                    ("createdAt", dateTime), ("ageDays", integer), ("workingDaysSinceReaction", ["type": "number"]),
                    ("flags", array(enumeration(SweepFlag.self))),
                    ("lastSweepNote", object([("note", string), ("by", string), ("at", dateTime)], required: ["note", "by", "at"])),
                ], required: ["id", "subject", "priority", "createdAt", "ageDays", "workingDaysSinceReaction", "flags"]))),
            ], required: ["status", "tickets"]))),
        ], required: ["unit", "generatedAt", "sweepDays", "groups"])),
    ]
}
