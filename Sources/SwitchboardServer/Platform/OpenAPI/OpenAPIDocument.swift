import SwitchboardCore

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. The contract
/// test (schemathesis in `.ci/run`) checks real answers against it.
enum OpenAPIDocument {
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Switchboard API",
            "version": "1",
            "description": "Helpdesk for federated research e-infrastructures. Errors are application/problem+json (RFC 9457).",
        ],
        "paths": paths,
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            "schemas": schemas,
        ],
        "security": [["bearer": []]],
    ]

    // MARK: Building blocks

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> JSONValue where E.RawValue == String {
        ["type": "string", "enum": .array(E.allCases.map { .string($0.rawValue) })]
    }
    static let string: JSONValue = ["type": "string"]
    /// Text that must not be blank.
    static let text: JSONValue = ["type": "string", "minLength": 1, "pattern": "\\S"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    static func json(_ schema: JSONValue) -> JSONValue { ["content": ["application/json": ["schema": schema]]] }

    static let problem: JSONValue = ["description": "A problem", "content": ["application/problem+json": ["schema": ref("Problem")]]]
    static let problemStatuses = ["400", "401", "403", "404", "409", "413", "415", "422", "503"]

    /// An operation; every operation may answer with a problem.
    static func operation(
        _ summary: String, id: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
        responses: [(String, JSONValue)], public isPublic: Bool = false
    ) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("summary", .string(summary)), ("operationId", .string(id))]
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body { pairs.append(("requestBody", body.merging([("required", true)]))) }
        let documented = Set(responses.map(\.0))
        pairs.append(("responses", .object(responses + problemStatuses.filter { !documented.contains($0) }.map { ($0, problem) })))
        if isPublic { pairs.append(("security", [])) }
        return .object(pairs)
    }

    static func ok(_ description: String, _ schema: JSONValue) -> JSONValue {
        json(schema).merging([("description", .string(description))])
    }

    static func pathParameter(_ name: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": schema]
    }

    static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "schema": schema, "description": .string(description)]
    }

    static func requiredQuery(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": true, "schema": string, "description": .string(description)]
    }

    static let ticketID = pathParameter("ticketID", ["type": "integer", "minimum": 1])
    static let unitID = pathParameter("unitID", uuid)

    // MARK: Paths

    static let paths: JSONValue = [
        "/health": ["get": operation("Liveness", id: "health", responses: [("200", ok("Running", ref("Health")))], public: true)],
        "/ready": ["get": operation("Readiness: the database answers", id: "ready", responses: [
            ("200", ok("Ready", ref("Health"))), ("503", ok("Database unavailable", ref("Health"))),
        ], public: true)],
        "/api/v1/tokens": ["post": operation(
            "Issue a bearer token for email and password", id: "issueToken", body: json(ref("TokenRequest")),
            responses: [("201", ok("The token, shown once", ref("Token"))),
                        ("429", problem.merging([("description", "Too many failed password checks for this account or address; see Retry-After")]))],
            public: true)],
        "/api/v1/tokens/{tokenID}": ["delete": operation(
            "Revoke one of your tokens", id: "revokeToken", parameters: [pathParameter("tokenID", uuid)],
            responses: [("204", ["description": "Revoked"])])],
        "/api/v1/users": ["post": operation(
            "Create a user (administrators)", id: "createUser", body: json(ref("NewUser")),
            responses: [("201", ok("Created", ref("User")))])],
        "/api/v1/users/me": ["get": operation("The signed-in user", id: "me", responses: [("200", ok("You", ref("User")))])],
        "/api/v1/users/{userID}": ["patch": operation(
            "Change a user's name, administrator flag or password (administrators)", id: "updateUser",
            parameters: [pathParameter("userID", uuid)], body: json(ref("UserUpdate")), responses: [("200", ok("The user", ref("User")))])],
        "/api/v1/support-units/{unitID}/members/{userID}": ["delete": operation(
            "Remove a member (administrators, unit admins)", id: "removeMember", parameters: [unitID, pathParameter("userID", uuid)],
            responses: [("204", ["description": "Removed"])])],
        "/api/v1/support-units": [
            "get": operation("List support units", id: "listSupportUnits", responses: [("200", ok("Units", array(ref("SupportUnit"))))]),
            "post": operation(
                "Create a support unit (administrators)", id: "createSupportUnit", body: json(ref("NewSupportUnit")),
                responses: [("201", ok("Created", ref("SupportUnit")))]),
        ],
        "/api/v1/support-units/{unitID}": [
            "get": operation(
                "A support unit with its members", id: "getSupportUnit", parameters: [unitID],
                responses: [("200", ok("The unit", ref("SupportUnit")))]),
            "put": operation(
                "Change a support unit (administrators)", id: "updateSupportUnit", parameters: [unitID], body: json(ref("NewSupportUnit")),
                responses: [("200", ok("The unit", ref("SupportUnit")))]),
        ],
        "/api/v1/support-units/{unitID}/sweep": ["get": operation(
            "The unit's sweep agenda: open tickets by status, with colours, ages and flags (supporters)", id: "getSweepAgenda",
            parameters: [unitID, queryParameter("asOf", string, "ISO 8601 instant to compute the agenda at (default now)")],
            responses: [("200", ok("The agenda", ref("SweepAgenda")))])],
        "/api/v1/service-levels": [
            "get": operation("List service levels", id: "listServiceLevels", responses: [("200", ok("Levels", array(ref("ServiceLevel"))))]),
            "post": operation(
                "Add a service level (administrators)", id: "createServiceLevel", body: json(ref("ServiceLevelInput")),
                responses: [("201", ok("Added", ref("ServiceLevel")))]),
        ],
        "/api/v1/service-levels/{name}": ["put": operation(
            "Change a level's description and targets (administrators)", id: "updateServiceLevel",
            parameters: [pathParameter("name", string)], body: json(ref("ServiceLevelInput")),
            responses: [("200", ok("The level", ref("ServiceLevel")))])],
        "/api/v1/outbox": ["get": operation(
            "Outgoing mail by state (administrators)", id: "listOutbox",
            parameters: [
                queryParameter("state", ["type": "string", "enum": ["failed", "pending", "sent"]], "Which messages (default failed)"),
                queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 1000], "At most this many (default 100)"),
            ],
            responses: [("200", ok("Messages", array(ref("OutboxMessage"))))])],
        "/api/v1/outbox/{messageID}/retry": ["post": operation(
            "Send a failed message again (administrators)", id: "retryMail", parameters: [pathParameter("messageID", uuid)],
            responses: [("200", ok("The message, due now", ref("OutboxMessage")))])],
        "/api/v1/response-violations": ["get": operation(
            "Recorded response-time violations, newest first (supporters)", id: "listViolations",
            parameters: [
                queryParameter("supportUnit", uuid, "Unit id"),
                queryParameter("from", string, "ISO 8601 date or instant: due at or after"),
                queryParameter("to", string, "ISO 8601 date or instant: due before"),
                queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 1000], "At most this many (default 100)"),
            ],
            responses: [("200", ok("Violations", array(ref("Violation"))))])],
        "/api/v1/support-units/{unitID}/members": ["post": operation(
            "Add a member (administrators, unit admins)", id: "addMember", parameters: [unitID], body: json(ref("MemberRequest")),
            responses: [("201", ok("Added", ref("Member")))])],
        "/api/v1/calendars": [
            "get": operation("List business calendars", id: "listCalendars", responses: [("200", ok("Calendars", array(ref("Calendar"))))]),
            "post": operation(
                "Create a calendar (administrators)", id: "createCalendar", body: json(ref("NewCalendar")),
                responses: [("201", ok("Created", ref("Calendar")))]),
        ],
        "/api/v1/calendars/{calendarID}/holidays": ["post": operation(
            "Add holidays: JSON, or an iCalendar file as text/calendar (administrators)", id: "addHolidays",
            parameters: [pathParameter("calendarID", string)],
            body: ["content": [
                "application/json": ["schema": object([("holidays", array(object([("first", string), ("last", string), ("name", string)], required: ["first"])))], required: ["holidays"])],
                "text/calendar": ["schema": ["type": "string"]],
            ]],
            responses: [("200", ok("How many were new", object([("added", integer)], required: ["added"])))])],
        "/api/v1/support-units/{unitID}/calendar": ["put": operation(
            "Give a unit a calendar, or null for the standard week (administrators)", id: "setUnitCalendar", parameters: [unitID],
            body: json(object([("calendar", ["type": ["string", "null"]])], required: [])), responses: [("200", ok("The unit", ref("SupportUnit")))])],
        "/api/v1/support-units/{unitID}/calendar/deadline": ["get": operation(
            "When a working duration after an instant ends, in the unit's calendar", id: "calendarDeadline",
            parameters: [unitID, requiredQuery("from", "ISO 8601 instant with offset"), requiredQuery("plus", "Working duration: 4h, 90m, 1wd")],
            responses: [("200", ok("The deadline", object([("from", dateTime), ("seconds", integer), ("deadline", dateTime)], required: ["from", "seconds", "deadline"])))])],
        "/api/v1/support-units/{unitID}/calendar/working-time": ["get": operation(
            "Working time between two instants, in the unit's calendar", id: "calendarWorkingTime",
            parameters: [unitID, requiredQuery("from", "ISO 8601 instant with offset"), requiredQuery("to", "ISO 8601 instant with offset")],
            responses: [("200", ok("Seconds of working time", object([("from", dateTime), ("to", dateTime), ("seconds", integer)], required: ["from", "to", "seconds"])))])],
        "/api/v1/tickets": [
            "get": operation("List tickets", id: "listTickets", parameters: listParameters, responses: [("200", ok("A page", ref("TicketList")))]),
            "post": operation(
                "File a ticket; without a unit it goes to first line", id: "createTicket", body: json(ref("NewTicket")),
                responses: [("201", ok("Filed", ref("Ticket")))]),
        ],
        "/api/v1/tickets/{ticketID}": [
            "get": operation(
                "A ticket, as the caller may see it", id: "getTicket", parameters: [ticketID], responses: [("200", ok("The ticket", ref("Ticket")))]),
            "patch": operation(
                "Change fields: absent keeps, null clears", id: "editTicket", parameters: [ticketID], body: json(ref("TicketEdit")),
                responses: [("200", ok("The ticket", ref("Ticket")))]),
        ],
        "/api/v1/tickets/{ticketID}/events": ["get": operation(
            "The ticket's history, as the caller may see it", id: "getTicketEvents", parameters: [ticketID],
            responses: [("200", ok("Events, oldest first", array(ref("Event"))))])],
        "/api/v1/tickets/{ticketID}/comments": ["post": operation(
            "Add a public or internal comment", id: "addComment", parameters: [ticketID], body: json(ref("CommentRequest")),
            responses: [("201", ok("Added", ref("Comment")))])],
        "/api/v1/tickets/{ticketID}/assignment": ["post": operation(
            "Route to a unit and/or name the responsible person", id: "assignTicket", parameters: [ticketID],
            body: json(ref("AssignmentRequest")), responses: [("200", ok("The ticket", ref("Ticket")))])],
        "/api/v1/tickets/{ticketID}/status": ["post": operation(
            "Change the status", id: "changeStatus", parameters: [ticketID], body: json(ref("StatusRequest")),
            responses: [("200", ok("The ticket", ref("Ticket")))])],
        "/api/v1/tickets/{ticketID}/priority": ["post": operation(
            "Change the priority, with a justification", id: "changePriority", parameters: [ticketID], body: json(ref("PriorityRequest")),
            responses: [("200", ok("The ticket", ref("Ticket")))])],
        "/api/v1/tickets/{ticketID}/involvements": ["post": operation(
            "Involve a unit or a supporter", id: "involve", parameters: [ticketID], body: json(ref("InvolvementRequest")),
            responses: [("201", ok("Involved", ref("Involvement")))])],
        "/api/v1/tickets/{ticketID}/links": ["post": operation(
            "Link to another ticket", id: "linkTicket", parameters: [ticketID], body: json(ref("LinkRequest")),
            responses: [("201", ok("Linked", ref("Link")))])],
        "/api/v1/tickets/{ticketID}/escalations": ["post": operation(
            "Escalate an overdue ticket one step (its submitter): the unit, then also first line, then also ticket monitoring",
            id: "escalateTicket", parameters: [ticketID], body: json(ref("EscalationRequest")),
            responses: [("200", ok("The ticket", ref("Ticket")))])],
        "/api/v1/tickets/{ticketID}/sweep-notes": ["post": operation(
            "Record a progress note during the unit's sweep (supporters; internal)", id: "addSweepNote", parameters: [ticketID],
            body: json(ref("SweepNoteRequest")), responses: [("201", ok("The event", ref("Event")))])],
        "/api/v1/tickets/{ticketID}/subscription": [
            "get": operation("Whether you subscribe to the ticket", id: "getSubscription", parameters: [ticketID],
                             responses: [("200", ok("Your subscription", ref("Subscription")))]),
            "put": operation("Subscribe to the ticket: mail about its public events, whatever the submitter's notification mode "
                             + "(anyone who may read it; doing it twice changes nothing)", id: "subscribe", parameters: [ticketID],
                             responses: [("200", ok("Your subscription", ref("Subscription")))]),
            "delete": operation("Unsubscribe from the ticket", id: "unsubscribe", parameters: [ticketID],
                                responses: [("200", ok("Your subscription", ref("Subscription")))]),
        ],
        "/api/v1/tickets/{ticketID}/attachments": ["post": operation(
            "Attach a file (multipart/form-data: file, visibility)", id: "addAttachment", parameters: [ticketID],
            body: ["content": ["multipart/form-data": ["schema": object([
                ("file", ["type": "string", "contentMediaType": "application/octet-stream"]),
                ("visibility", enumeration(Visibility.self)),
            ], required: ["file"])]]],
            responses: [("201", ok("Stored", ref("Attachment")))])],
        "/api/v1/tickets/{ticketID}/attachments/{attachmentID}": ["get": operation(
            "Download an attachment", id: "getAttachment", parameters: [ticketID, pathParameter("attachmentID", uuid)],
            responses: [("200", ["description": "The file", "content": ["*/*": ["schema": ["type": "string"]]]])])],
    ]

    static let listParameters: [JSONValue] = [
        queryParameter("status", string, "Comma-separated statuses: \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))"),
        queryParameter("priority", string, "Comma-separated priorities"),
        queryParameter("category", string, "Comma-separated categories"),
        queryParameter("supportUnit", string, "Comma-separated unit ids"),
        queryParameter("submitter", uuid, "Submitter id"),
        queryParameter("assignee", uuid, "Responsible person's id"),
        queryParameter("createdAfter", string, "ISO 8601 date or instant (inclusive)"),
        queryParameter("createdBefore", string, "ISO 8601 date or instant (exclusive)"),
        queryParameter("text", string, "Words that must all appear in the subject"),
        queryParameter("sort", enumeration(TicketSort.self), "Sort order; '-' for descending (default -created)"),
        queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 200], "Page size (default 50)"),
        queryParameter("cursor", string, "nextCursor of the previous page"),
    ]

    // MARK: Schemas

    static let unitReference = object([("id", uuid), ("name", string), ("tier", enumeration(SupportTier.self))], required: ["id", "name", "tier"])
    static let personReference = object([("id", uuid), ("displayName", string)], required: ["id", "displayName"])

    static let schemas: JSONValue = [
        "Problem": object([
            ("type", string), ("title", string), ("status", integer), ("detail", string),
            ("errors", ["type": "object", "additionalProperties": array(string)]),
        ], required: ["type", "title", "status", "detail"]),
        "Health": object([("status", string), ("detail", string)], required: ["status"]),
        "TokenRequest": object([("email", string), ("password", string), ("name", string)], required: ["email", "password"]),
        "Token": object([("id", uuid), ("token", string), ("name", string), ("createdAt", dateTime)], required: ["id", "token", "name", "createdAt"]),
        "NewUser": object([("email", ["type": "string", "format": "email"]), ("displayName", text), ("password", ["type": "string", "minLength": 10]), ("isAdmin", boolean)],
                          required: ["email", "displayName", "password"]),
        "NewCalendar": object([
            ("name", text), ("timeZone", string), ("hours", ["type": "string", "description": "e.g. mon-fri 09:00-17:00"]),
        ], required: ["name"]),
        "Calendar": object([
            ("id", uuid), ("name", string), ("timeZone", string), ("hours", string), ("workingDayLength", integer),
            ("holidays", array(object([("first", string), ("last", string), ("name", string)], required: ["first"]))),
        ], required: ["id", "name", "timeZone", "hours", "workingDayLength", "holidays"]),
        "UserUpdate": ["type": "object", "additionalProperties": false, "properties": [
            "displayName": text, "isAdmin": boolean, "password": ["type": "string", "minLength": 10],
        ]],
        "User": object([
            ("id", uuid), ("email", string), ("displayName", string), ("isAdmin", boolean),
            ("memberships", array(object([("unit", unitReference), ("role", enumeration(MembershipRole.self))], required: ["unit", "role"]))),
        ], required: ["id", "email", "displayName", "isAdmin", "memberships"]),
        "UnitReference": unitReference,
        "PersonReference": personReference,
        "NewSupportUnit": object([
            ("name", text), ("tier", enumeration(SupportTier.self)), ("parent", string), ("mailingList", ["type": "string", "format": "email"]),
            ("serviceLevel", ["type": "string", "description": "Name of a service level (default best-effort)"]), ("timeZone", string),
            ("sweepDays", ["type": "string", "description": "Weekdays of the sweep, like tue,thu (default: the installation's)"]),
        ], required: ["name", "tier", "mailingList"]),
        "SupportUnit": object([
            ("id", uuid), ("name", string), ("tier", enumeration(SupportTier.self)), ("parent", uuid), ("mailingList", string),
            ("serviceLevel", string), ("timeZone", string), ("calendar", uuid), ("sweepDays", string), ("members", array(ref("Member"))),
        ], required: ["id", "name", "tier", "mailingList", "serviceLevel", "timeZone"]),
        "MemberRequest": object([("user", uuid), ("role", enumeration(MembershipRole.self))], required: ["user"]),
        "Member": object([("user", personReference), ("role", enumeration(MembershipRole.self))], required: ["user", "role"]),
        "NewTicket": object([
            ("subject", ["type": "string", "minLength": 1, "maxLength": 250, "pattern": "\\S"]), ("description", text),
            ("priority", enumeration(TicketPriority.self)), ("category", enumeration(TicketCategory.self)),
            ("affectedSite", string), ("vo", string), ("component", string), ("componentVersion", string),
            ("cc", array(string)), ("notificationMode", enumeration(NotificationMode.self)),
            ("supportUnit", ["type": "string", "description": "Unit id or name (supporters only)"]),
        ], required: ["subject", "description"]),
        "Ticket": object([
            ("id", integer), ("subject", string), ("description", string), ("type", enumeration(TicketType.self)),
            ("category", enumeration(TicketCategory.self)), ("priority", enumeration(TicketPriority.self)),
            ("status", enumeration(TicketStatus.self)), ("affectedSite", string), ("vo", string), ("component", string),
            ("componentVersion", string), ("cc", array(string)), ("notificationMode", enumeration(NotificationMode.self)),
            ("supportUnit", unitReference), ("assignee", personReference), ("submitter", personReference),
            ("involvedUnits", array(unitReference)), ("involvedUsers", array(personReference)),
            ("links", array(ref("Link"))), ("attachments", array(ref("Attachment"))),
            ("eta", dateTime), ("fixedVersion", string), ("createdAt", dateTime), ("updatedAt", dateTime),
            ("response", ref("Response")), ("escalationStep", ["type": "integer", "minimum": 0, "maximum": 3]),
            ("attention", array(enumeration(HighPriorityRules.Requirement.self))),
        ], required: [
            "id", "subject", "description", "type", "category", "priority", "status", "cc", "notificationMode",
            "supportUnit", "submitter", "involvedUnits", "involvedUsers", "links", "attachments", "createdAt", "updatedAt",
            "escalationStep", "attention",
        ]),
        "OutboxMessage": object([
            ("id", uuid), ("ticket", integer), ("kind", string), ("recipients", array(string)), ("subject", string),
            ("createdAt", dateTime), ("attempts", integer), ("nextAttemptAt", dateTime), ("sentAt", dateTime), ("failedAt", dateTime),
            ("lastError", string),
        ], required: ["id", "kind", "recipients", "subject", "createdAt", "attempts"]),
        "Response": object([
            ("startedAt", dateTime), ("dueAt", dateTime), ("respondedAt", dateTime), ("colour", enumeration(ResponseColour.self)),
            ("overdue", boolean),
        ], required: ["startedAt", "dueAt", "overdue"]),
        "EscalationRequest": object([("reason", string)], required: []),
        "SweepNoteRequest": object([("note", text)], required: ["note"]),
        "Subscription": object([("subscribed", ["type": "boolean"])], required: ["subscribed"]),
        "ServiceLevelInput": object([
            ("name", ["type": "string", "pattern": "^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$"]), ("description", string),
            ("targets", ["type": "object", "description": "Per priority a working duration (5wd, 4h, 1wd 4h), or null for best effort",
                         "additionalProperties": ["type": ["string", "null"]]]),
        ], required: []),
        "ServiceLevel": object([
            ("name", string), ("description", string),
            ("targets", ["type": "object", "additionalProperties": ["type": ["string", "null"]]]),
        ], required: ["name", "description", "targets"]),
        "Violation": object([
            ("ticket", integer), ("supportUnit", uuid), ("unitName", string), ("priority", enumeration(TicketPriority.self)),
            ("serviceLevel", string), ("targetSeconds", integer), ("startedAt", dateTime), ("dueAt", dateTime),
            ("respondedAt", dateTime), ("lateSeconds", integer),
        ], required: ["ticket", "supportUnit", "unitName", "priority", "serviceLevel", "targetSeconds", "startedAt", "dueAt"]),
        "SweepAgenda": object([
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
        ], required: ["unit", "generatedAt", "sweepDays", "groups"]),
        "TicketEdit": ["type": "object", "minProperties": 1, "additionalProperties": false, "properties": [
            "subject": ["type": "string", "minLength": 1, "maxLength": 250, "pattern": "\\S"],
            "affectedSite": ["type": ["string", "null"]], "vo": ["type": ["string", "null"]],
            "component": ["type": ["string", "null"]], "componentVersion": ["type": ["string", "null"]],
            "cc": ["type": ["array", "null"], "items": string], "notificationMode": enumeration(NotificationMode.self),
            "eta": ["type": ["string", "null"], "format": "date-time"], "fixedVersion": ["type": ["string", "null"]],
        ]],
        "TicketSummary": object([
            ("id", integer), ("subject", string), ("category", enumeration(TicketCategory.self)),
            ("priority", enumeration(TicketPriority.self)), ("status", enumeration(TicketStatus.self)),
            ("supportUnit", uuid), ("submitter", uuid), ("assignee", uuid), ("createdAt", dateTime), ("updatedAt", dateTime),
            ("responseColour", enumeration(ResponseColour.self)), ("responseDueAt", dateTime),
        ], required: ["id", "subject", "category", "priority", "status", "supportUnit", "submitter", "createdAt", "updatedAt"]),
        "TicketList": object([("items", array(ref("TicketSummary"))), ("nextCursor", string)], required: ["items"]),
        "FieldChange": object([("field", string), ("before", string), ("after", string)], required: ["field"]),
        "Event": object([
            ("id", integer), ("ticket", integer), ("kind", enumeration(TicketEventKind.self)), ("visibility", enumeration(Visibility.self)),
            ("actor", object([("id", uuid), ("name", string)], required: ["name"])), ("at", dateTime),
            ("changes", array(ref("FieldChange"))), ("note", string), ("rule", string),
            ("comment", object([("id", uuid), ("body", string), ("quoted", string)], required: ["id", "body"])),
            ("attachment", object([("id", uuid), ("filename", string)], required: ["id", "filename"])),
        ], required: ["id", "ticket", "kind", "visibility", "actor", "at", "changes"]),
        "CommentRequest": object([("body", text), ("visibility", enumeration(Visibility.self))], required: ["body"]),
        "Comment": object([
            ("id", uuid), ("ticket", integer), ("body", string), ("visibility", enumeration(Visibility.self)), ("createdAt", dateTime),
        ], required: ["id", "ticket", "body", "visibility", "createdAt"]),
        "AssignmentRequest": object([
            ("supportUnit", ["type": "string", "description": "Unit id or name"]), ("assignee", uuid), ("note", string),
            ("noteVisibility", enumeration(Visibility.self)),
        ], required: ["supportUnit"]),
        "StatusRequest": object([("status", enumeration(TicketStatus.self)), ("note", string)], required: ["status"]),
        "PriorityRequest": object([("priority", enumeration(TicketPriority.self)), ("justification", text)], required: ["priority", "justification"]),
        "InvolvementRequest": object([("supportUnit", string), ("user", uuid)], required: []),
        "Involvement": object([("id", uuid), ("ticket", integer), ("supportUnit", uuid), ("user", uuid)], required: ["id", "ticket"]),
        "LinkRequest": object([("kind", enumeration(TicketLinkKind.self)), ("ticket", integer)], required: ["kind", "ticket"]),
        "Link": object([("kind", enumeration(TicketLinkKind.self)), ("ticket", integer)], required: ["kind", "ticket"]),
        "Attachment": object([
            ("id", uuid), ("filename", string), ("contentType", string), ("size", integer),
            ("visibility", enumeration(Visibility.self)), ("createdAt", dateTime), ("url", string),
        ], required: ["id", "filename", "contentType", "size", "visibility", "createdAt", "url"]),
    ]
}
