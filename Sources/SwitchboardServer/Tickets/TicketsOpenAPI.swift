import SwitchboardCore

/// The Tickets part of the OpenAPI document.
extension OpenAPIDocument {
    static let ticketPaths: [(String, JSONValue)] = [
        ("/api/v1/tickets", [
            "get": operation("List tickets", id: "listTickets", parameters: listParameters, responses: [("200", ok("A page", ref("TicketList")))]),
            "post": operation(
                "File a ticket; without a unit it goes to first line", id: "createTicket", body: json(ref("NewTicket")),
                responses: [("201", ok("Filed", ref("Ticket")))]),
        ]),
        ("/api/v1/tickets/bulk-changes", ["post": operation(
            "One change to several tickets (each in its own event, checked by the rules of that change); what changed and what was refused, and why",
            id: "bulkChangeTickets", body: json(ref("BulkChangeRequest")), responses: [("200", ok("The outcome", ref("BulkChangeOutcome")))])]),
        ("/api/v1/tickets/{ticketID}", [
            "get": operation(
                "A ticket, as the caller may see it", id: "getTicket", parameters: [ticketID], responses: [("200", ok("The ticket", ref("Ticket")))]),
            "patch": operation(
                "Change fields: absent keeps, null clears", id: "editTicket", parameters: [ticketID], body: json(ref("TicketEdit")),
                responses: [("200", ok("The ticket", ref("Ticket")))]),
        ]),
        ("/api/v1/tickets/{ticketID}/events", ["get": operation(
            "The ticket's history, as the caller may see it", id: "getTicketEvents", parameters: [ticketID],
            responses: [("200", ok("Events, oldest first", array(ref("Event"))))])]),
        ("/api/v1/tickets/{ticketID}/comments", ["post": operation(
            "Add a public or internal comment", id: "addComment", parameters: [ticketID], body: json(ref("CommentRequest")),
            responses: [("201", ok("Added", ref("Comment")))])]),
        ("/api/v1/tickets/{ticketID}/assignment", ["post": operation(
            "Route to a unit and/or name the responsible person", id: "assignTicket", parameters: [ticketID],
            body: json(ref("AssignmentRequest")), responses: [("200", ok("The ticket", ref("Ticket")))])]),
        ("/api/v1/tickets/{ticketID}/status", ["post": operation(
            "Change the status", id: "changeStatus", parameters: [ticketID], body: json(ref("StatusRequest")),
            responses: [("200", ok("The ticket", ref("Ticket")))])]),
        ("/api/v1/tickets/{ticketID}/priority", ["post": operation(
            "Change the priority, with a justification", id: "changePriority", parameters: [ticketID], body: json(ref("PriorityRequest")),
            responses: [("200", ok("The ticket", ref("Ticket")))])]),
        ("/api/v1/tickets/{ticketID}/involvements", ["post": operation(
            "Involve a unit or a supporter", id: "involve", parameters: [ticketID], body: json(ref("InvolvementRequest")),
            responses: [("201", ok("Involved", ref("Involvement")))])]),
        ("/api/v1/tickets/{ticketID}/links", ["post": operation(
            "Link to another ticket", id: "linkTicket", parameters: [ticketID], body: json(ref("LinkRequest")),
            responses: [("201", ok("Linked", ref("Link")))])]),
        ("/api/v1/tickets/{ticketID}/subscription", [
            "get": operation("Whether you subscribe to the ticket", id: "getSubscription", parameters: [ticketID],
                             responses: [("200", ok("Your subscription", ref("Subscription")))]),
            "put": operation("Subscribe to the ticket: mail about its public events, whatever the submitter's notification mode "
                             + "(anyone who may read it; doing it twice changes nothing)", id: "subscribe", parameters: [ticketID],
                             responses: [("200", ok("Your subscription", ref("Subscription")))]),
            "delete": operation("Unsubscribe from the ticket", id: "unsubscribe", parameters: [ticketID],
                                responses: [("200", ok("Your subscription", ref("Subscription")))]),
        ]),
        ("/api/v1/tickets/{ticketID}/attachments", ["post": operation(
            "Attach a file (multipart/form-data: file, visibility)", id: "addAttachment", parameters: [ticketID],
            body: ["content": ["multipart/form-data": ["schema": object([
                ("file", ["type": "string", "contentMediaType": "application/octet-stream"]),
                ("visibility", enumeration(Visibility.self)),
            ], required: ["file"])]]],
            responses: [("201", ok("Stored", ref("Attachment")))])]),
        ("/api/v1/tickets/{ticketID}/attachments/{attachmentID}", ["get": operation(
            "Download an attachment", id: "getAttachment", parameters: [ticketID, pathParameter("attachmentID", uuid)],
            responses: [("200", ["description": "The file", "content": ["*/*": ["schema": ["type": "string"]]]])])]),
    ]

    static let ticketSchemas: [(String, JSONValue)] = [
        ("BulkChangeRequest", object([
            ("tickets", ["type": "array", "minItems": 1, "maxItems": .number(BulkChange.maxTickets), "items": ["type": "integer", "minimum": 1]]),
            ("change", ["type": "string", "enum": ["status", "assign", "priority", "note", "responsible"]]),
            ("status", enumeration(TicketStatus.self)), ("unit", ["type": "string", "description": "A unit's id or name (assign)"]),
            ("priority", enumeration(TicketPriority.self)), ("assignee", uuid),
            ("note", ["type": "string", "description": "Public with status or assign, the justification of a priority change, the internal note"]),
        ], required: ["tickets", "change"])),
        ("BulkChangeOutcome", object([
            ("changed", array(integer)),
            ("refused", array(object([("ticket", integer), ("reason", string)], required: ["ticket", "reason"]))),
        ], required: ["changed", "refused"])),
        ("NewTicket", object([
            ("subject", ["type": "string", "minLength": 1, "maxLength": 250, "pattern": "\\S"]), ("description", text),
            ("priority", enumeration(TicketPriority.self)), ("category", enumeration(TicketCategory.self)),
            ("affectedSite", string), ("vo", string), ("component", string), ("componentVersion", string),
            ("cc", array(string)), ("notificationMode", enumeration(NotificationMode.self)),
            ("supportUnit", ["type": "string", "description": "Unit id or name (supporters only)"]),
        ], required: ["subject", "description"])),
        ("Ticket", object([
            ("id", integer), ("subject", string), ("description", string), ("type", enumeration(TicketType.self)),
            ("category", enumeration(TicketCategory.self)), ("priority", enumeration(TicketPriority.self)),
            ("status", enumeration(TicketStatus.self)), ("affectedSite", string), ("vo", string), ("component", string),
            ("componentVersion", string), ("cc", array(string)), ("notificationMode", enumeration(NotificationMode.self)),
            ("supportUnit", unitReference), ("assignee", personReference), ("submitter", personReference),
            ("involvedUnits", array(unitReference)), ("involvedUsers", array(personReference)),
            ("links", array(ref("Link"))), ("attachments", array(ref("Attachment"))),
            ("eta", dateTime), ("fixedVersion", string), ("fixedComponent", string), ("closedByRelease", uuid), ("createdAt", dateTime), ("updatedAt", dateTime),
            ("response", ref("Response")), ("escalationStep", ["type": "integer", "minimum": 0, "maximum": 3]),
            ("attention", array(enumeration(HighPriorityRules.Requirement.self))),
        ], required: [
            "id", "subject", "description", "type", "category", "priority", "status", "cc", "notificationMode",
            "supportUnit", "submitter", "involvedUnits", "involvedUsers", "links", "attachments", "createdAt", "updatedAt",
            "escalationStep", "attention",
        ])),
        ("Response", object([
            ("startedAt", dateTime), ("dueAt", dateTime), ("respondedAt", dateTime), ("colour", enumeration(ResponseColour.self)),
            ("overdue", boolean),
        ], required: ["startedAt", "dueAt", "overdue"])),
        ("Subscription", object([("subscribed", ["type": "boolean"])], required: ["subscribed"])),
        ("TicketEdit", ["type": "object", "minProperties": 1, "additionalProperties": false, "properties": [
            "subject": ["type": "string", "minLength": 1, "maxLength": 250, "pattern": "\\S"],
            "affectedSite": ["type": ["string", "null"]], "vo": ["type": ["string", "null"]],
            "component": ["type": ["string", "null"]], "componentVersion": ["type": ["string", "null"]],
            "cc": ["type": ["array", "null"], "items": string], "notificationMode": enumeration(NotificationMode.self),
            "eta": ["type": ["string", "null"], "format": "date-time"], "fixedVersion": ["type": ["string", "null"]],
        ]]),
        ("TicketSummary", object([
            ("id", integer), ("subject", string), ("category", enumeration(TicketCategory.self)),
            ("priority", enumeration(TicketPriority.self)), ("status", enumeration(TicketStatus.self)),
            ("supportUnit", uuid), ("submitter", uuid), ("assignee", uuid), ("createdAt", dateTime), ("updatedAt", dateTime),
            ("responseColour", enumeration(ResponseColour.self)), ("responseDueAt", dateTime),
        ], required: ["id", "subject", "category", "priority", "status", "supportUnit", "submitter", "createdAt", "updatedAt"])),
        ("TicketList", object([("items", array(ref("TicketSummary"))), ("nextCursor", string)], required: ["items"])),
        ("FieldChange", object([("field", string), ("before", string), ("after", string)], required: ["field"])),
        ("Event", object([
            ("id", integer), ("ticket", integer), ("kind", enumeration(TicketEventKind.self)), ("visibility", enumeration(Visibility.self)),
            ("actor", object([("id", uuid), ("name", string)], required: ["name"])), ("at", dateTime),
            ("changes", array(ref("FieldChange"))), ("note", string), ("rule", string),
            ("comment", object([("id", uuid), ("body", string), ("quoted", string)], required: ["id", "body"])),
            ("attachment", object([("id", uuid), ("filename", string)], required: ["id", "filename"])),
        ], required: ["id", "ticket", "kind", "visibility", "actor", "at", "changes"])),
        ("CommentRequest", object([("body", text), ("visibility", enumeration(Visibility.self)), ("template", uuid)], required: ["body"])),
        ("Comment", object([
            ("id", uuid), ("ticket", integer), ("body", string), ("visibility", enumeration(Visibility.self)), ("createdAt", dateTime),
        ], required: ["id", "ticket", "body", "visibility", "createdAt"])),
        ("AssignmentRequest", object([
            ("supportUnit", ["type": "string", "description": "Unit id or name"]), ("assignee", uuid), ("note", string),
            ("noteVisibility", enumeration(Visibility.self)),
        ], required: ["supportUnit"])),
        ("StatusRequest", object([("status", enumeration(TicketStatus.self)), ("note", string)], required: ["status"])),
        ("PriorityRequest", object([("priority", enumeration(TicketPriority.self)), ("justification", text)], required: ["priority", "justification"])),
        ("InvolvementRequest", object([("supportUnit", string), ("user", uuid)], required: [])),
        ("Involvement", object([("id", uuid), ("ticket", integer), ("supportUnit", uuid), ("user", uuid)], required: ["id", "ticket"])),
        ("LinkRequest", object([("kind", enumeration(TicketLinkKind.self)), ("ticket", integer)], required: ["kind", "ticket"])),
        ("Link", object([("kind", enumeration(TicketLinkKind.self)), ("ticket", integer)], required: ["kind", "ticket"])),
        ("Attachment", object([
            ("id", uuid), ("filename", string), ("contentType", string), ("size", integer),
            ("visibility", enumeration(Visibility.self)), ("createdAt", dateTime), ("url", string),
        ], required: ["id", "filename", "contentType", "size", "visibility", "createdAt", "url"])),
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
        queryParameter("text", string, "Words that must all appear in the subject, the description or a comment the reader may see; a word matches words starting with it, \"quoted words\" a phrase"),
        queryParameter("sort", enumeration(TicketSort.self), "Sort order; '-' for descending (default -created); relevance: best match of the text first (without text: -created)"),
        queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 200], "Page size (default 50)"),
        queryParameter("cursor", string, "nextCursor of the previous page"),
    ]
}
