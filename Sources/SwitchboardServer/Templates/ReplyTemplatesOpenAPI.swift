import SwitchboardCore

/// The reply templates part of the OpenAPI document.
extension OpenAPIDocument {
    static let templateID = pathParameter("templateID", uuid)

    static let templatePaths: [(String, JSONValue)] = [
        ("/api/v1/support-units/{unitID}/templates", [
            "get": operation("A unit's reply templates, most used first (supporters)", id: "listReplyTemplates", parameters: [unitID],
                             responses: [("200", ok("Templates", array(ref("ReplyTemplate"))))]),
            "post": operation("Add a reply template (the unit's members, administrators)", id: "createReplyTemplate", parameters: [unitID],
                              body: json(ref("ReplyTemplateInput")), responses: [("201", ok("The template", ref("ReplyTemplate")))]),
        ]),
        ("/api/v1/templates/{templateID}", [
            "put": operation("Change a reply template (the unit's members, administrators)", id: "updateReplyTemplate", parameters: [templateID],
                             body: json(ref("ReplyTemplateInput")), responses: [("200", ok("The template", ref("ReplyTemplate")))]),
            "delete": operation("Remove a reply template (the unit's members, administrators)", id: "deleteReplyTemplate", parameters: [templateID],
                                responses: [("204", ["description": "Removed"])]),
        ]),
        ("/api/v1/tickets/{ticketID}/templates", ["get": operation(
            "The templates a supporter may use on a ticket, filled in for it", id: "ticketReplyTemplates", parameters: [ticketID],
            responses: [("200", ok("Templates", array(ref("FilledTemplate"))))])]),
    ]

    static let templateSchemas: [(String, JSONValue)] = [
        ("ReplyTemplate", object([("id", uuid), ("unit", uuid), ("name", string), ("body", string), ("usageCount", integer)],
                                 required: ["id", "unit", "name", "body", "usageCount"])),
        ("ReplyTemplateInput", object([
            ("name", text), ("body", ["type": "string", "minLength": 1, "pattern": "\\S",
                                      "description": "Placeholders: {{submitter}}, {{ticket}}, {{subject}}, {{unit}}, {{target}}"]),
        ], required: ["name", "body"])),
        ("FilledTemplate", object([("id", uuid), ("unit", string), ("name", string), ("text", string), ("usageCount", integer)],
                                  required: ["id", "unit", "name", "text", "usageCount"])),
    ]
}
