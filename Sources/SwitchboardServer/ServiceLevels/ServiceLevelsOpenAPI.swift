import SwitchboardCore

/// The ServiceLevels part of the OpenAPI document.
extension OpenAPIDocument {
    static let serviceLevelPaths: [(String, JSONValue)] = [
        ("/api/v1/service-levels", [
            "get": operation("List service levels", id: "listServiceLevels", responses: [("200", ok("Levels", array(ref("ServiceLevel"))))]),
            "post": operation(
                "Add a service level (administrators)", id: "createServiceLevel", body: json(ref("ServiceLevelInput")),
                responses: [("201", ok("Added", ref("ServiceLevel")))]),
        ]),
        ("/api/v1/service-levels/{name}", ["put": operation(
            "Change a level's description and targets (administrators)", id: "updateServiceLevel",
            parameters: [pathParameter("name", string)], body: json(ref("ServiceLevelInput")),
            responses: [("200", ok("The level", ref("ServiceLevel")))])]),
        ("/api/v1/response-violations", ["get": operation(
            "Recorded response-time violations, newest first (supporters)", id: "listViolations",
            parameters: [
                queryParameter("supportUnit", uuid, "Unit id"),
                queryParameter("from", string, "ISO 8601 date or instant: due at or after"),
                queryParameter("to", string, "ISO 8601 date or instant: due before"),
                queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 1000], "At most this many (default 100)"),
            ],
            responses: [("200", ok("Violations", array(ref("Violation"))))])]),
        ("/api/v1/tickets/{ticketID}/escalations", ["post": operation(
            "Escalate an overdue ticket one step (its submitter): the unit, then also first line, then also ticket monitoring",
            id: "escalateTicket", parameters: [ticketID], body: json(ref("EscalationRequest")),
            responses: [("200", ok("The ticket", ref("Ticket")))])]),
    ]

    static let serviceLevelSchemas: [(String, JSONValue)] = [
        ("EscalationRequest", object([("reason", string)], required: [])),
        ("ServiceLevelInput", object([
            ("name", ["type": "string", "pattern": "^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$"]), ("description", string),
            ("targets", ["type": "object", "description": "Per priority a working duration (5wd, 4h, 1wd 4h), or null for best effort",
                         "additionalProperties": ["type": ["string", "null"]]]),
        ], required: [])),
        ("ServiceLevel", object([
            ("name", string), ("description", string),
            ("targets", ["type": "object", "additionalProperties": ["type": ["string", "null"]]]),
        ], required: ["name", "description", "targets"])),
        ("Violation", object([
            ("ticket", integer), ("supportUnit", uuid), ("unitName", string), ("priority", enumeration(TicketPriority.self)),
            ("serviceLevel", string), ("targetSeconds", integer), ("startedAt", dateTime), ("dueAt", dateTime),
            ("respondedAt", dateTime), ("lateSeconds", integer),
        ], required: ["ticket", "supportUnit", "unitName", "priority", "serviceLevel", "targetSeconds", "startedAt", "dueAt"])),
    ]
}
