import SwitchboardCore

/// The known issues part of the OpenAPI document.
extension OpenAPIDocument {
    static let knownIssueNumber = pathParameter("number", ["type": "string", "pattern": "^([Kk][Ii]-)?[0-9]+$", "description": "12 or KI-12"])

    static let knownIssuePaths: [(String, JSONValue)] = [
        ("/api/v1/known-issues", [
            "get": operation("Known issues, open ones first (everyone: published ones; supporters: drafts too)", id: "listKnownIssues",
                             parameters: [queryParameter("state", enumeration(KnownIssueState.self), "Only open or only resolved issues")],
                             responses: [("200", ok("Known issues", array(ref("KnownIssue"))))], public: true),
            "post": operation("Document a known issue (supporters); a draft unless published is true", id: "createKnownIssue",
                              body: json(ref("NewKnownIssueInput")), responses: [("201", ok("The known issue", ref("KnownIssue")))]),
        ]),
        ("/api/v1/known-issues/digest", ["get": operation(
            "The digest for an operations meeting: known issues opened, changed or resolved since a date, as JSON, Markdown or plain text",
            id: "knownIssueDigest",
            parameters: [queryParameter("since", string, "A day (2026-11-24, from its start in UTC) or an instant; default seven days before today"),
                         queryParameter("format", ["type": "string", "enum": ["json", "markdown", "text"]], "json (default), markdown or text")],
            responses: [("200", [
                "description": "The digest",
                "content": [
                    "application/json": ["schema": ref("KnownIssueDigest")],
                    "text/markdown": ["schema": string],
                    "text/plain": ["schema": string],
                ],
            ])], public: true)]),
        ("/api/v1/known-issues/digest/mail", ["post": operation(
            "Mail the digest of published known issues to the operations list (SWITCHBOARD_KNOWN_ISSUES_LIST) through the outbox (supporters)",
            id: "mailKnownIssueDigest", body: json(object([("since", string)], required: [])),
            responses: [("200", ok("The digest mailed", ref("KnownIssueDigest")))])]),
        ("/api/v1/known-issues/{number}", [
            "get": operation("One known issue (a draft only for supporters)", id: "getKnownIssue", parameters: [knownIssueNumber],
                             responses: [("200", ok("The known issue", ref("KnownIssue")))], public: true),
            "patch": operation("Change a known issue (supporters): the keys given; published true publishes it and tells the linked tickets",
                               id: "updateKnownIssue", parameters: [knownIssueNumber], body: json(ref("KnownIssueInput")),
                               responses: [("200", ok("The known issue", ref("KnownIssue")))]),
        ]),
        ("/api/v1/known-issues/{number}/tickets", ["post": operation(
            "Link a ticket the issue was seen in (supporters)", id: "linkKnownIssueTicket", parameters: [knownIssueNumber],
            body: json(object([("ticket", ["type": "integer", "minimum": 1])], required: ["ticket"])),
            responses: [("200", ok("The known issue", ref("KnownIssue")))])]),
        ("/api/v1/known-issues/{number}/tickets/{ticketID}", ["delete": operation(
            "Unlink a ticket (supporters)", id: "unlinkKnownIssueTicket", parameters: [knownIssueNumber, ticketID],
            responses: [("200", ok("The known issue", ref("KnownIssue")))])]),
        ("/api/v1/known-issues/{number}/resolution", [
            "post": operation("Resolve a known issue by hand, saying how (supporters)", id: "resolveKnownIssue", parameters: [knownIssueNumber],
                              body: json(object([("resolution", text)], required: ["resolution"])),
                              responses: [("200", ok("The known issue", ref("KnownIssue")))]),
            "delete": operation("Open a resolved known issue again (supporters)", id: "reopenKnownIssue", parameters: [knownIssueNumber],
                                responses: [("200", ok("The known issue", ref("KnownIssue")))]),
        ]),
        ("/api/v1/tickets/{ticketID}/known-issue", ["post": operation(
            "Document a known issue from a ticket (supporters): title, symptoms, component and version default to the ticket's; the ticket is linked",
            id: "createKnownIssueFromTicket", parameters: [ticketID], body: json(ref("KnownIssueFromTicketInput")),
            responses: [("201", ok("The known issue", ref("KnownIssue")))])]),
    ]

    static let digestSection: JSONValue = object([
        ("section", enumeration(KnownIssueDigest.Section.self)), ("title", string), ("issues", array(ref("KnownIssue"))),
    ], required: ["section", "title", "issues"])

    static func knownIssueInput(required: [String]) -> JSONValue {
        let title: JSONValue = ["type": "string", "minLength": 1, "pattern": "\\S", "maxLength": .number(KnownIssueText.titleMaxLength)]
        let entries: JSONValue = ["type": "array", "items": string, "maxItems": .number(KnownIssueText.maxListEntries)]
        return object([
            ("title", title), ("symptoms", required.contains("symptoms") ? text : string), ("impact", required.contains("impact") ? text : string),
            ("workaround", string), ("components", entries), ("versions", entries),
            ("published", ["type": "boolean", "description": "Everyone reads a published issue; a draft (the default) is for supporters"]),
        ], required: required)
    }

    static let knownIssueSchemas: [(String, JSONValue)] = [
        ("KnownIssueInput", knownIssueInput(required: [])),
        ("NewKnownIssueInput", knownIssueInput(required: ["title", "symptoms", "impact"])),
        ("KnownIssueFromTicketInput", knownIssueInput(required: ["impact"])),
        ("KnownIssue", object([
            ("number", integer), ("title", string), ("symptoms", string), ("impact", string), ("workaround", nullableString),
            ("components", array(string)), ("versions", array(string)), ("state", enumeration(KnownIssueState.self)), ("published", boolean),
            ("createdAt", dateTime), ("createdBy", string), ("updatedAt", dateTime), ("resolvedAt", nullableDateTime),
            ("resolution", nullableString), ("tickets", array(integer)),
        ], required: ["number", "title", "symptoms", "impact", "workaround", "components", "versions", "state", "published", "createdAt",
                      "createdBy", "updatedAt", "resolvedAt", "resolution", "tickets"])),
        ("KnownIssueDigest", object([("title", string), ("since", dateTime), ("sections", array(digestSection))], required: ["title", "since", "sections"])),
    ]
}
