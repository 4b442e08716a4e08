import SwitchboardCore

/// The requirements part of the OpenAPI document.
extension OpenAPIDocument {
    static let requirementPaths: [(String, JSONValue)] = [
        ("/api/v1/tickets/{ticketID}/estimate", ["put": operation(
            "Record the effort estimate of a requirement (second line, administrators); it may change until the requirement is routed",
            id: "estimateRequirement", parameters: [ticketID], body: json(ref("EstimateInput")),
            responses: [("200", ok("The assessment", ref("Requirement")))])]),
        ("/api/v1/tickets/{ticketID}/requirement-routing", ["post": operation(
            "Route an estimated requirement: below the threshold to a product team (priority less urgent), at or above it into the requirements queue (503 when the queue cannot be reached; nothing changes then)",
            id: "routeRequirement", parameters: [ticketID], body: json(ref("RequirementRoutingInput")),
            responses: [("200", ok("The assessment", ref("Requirement")))])]),
        ("/api/v1/tickets/{ticketID}/requirement", ["get": operation(
            "A requirement's assessment (supporters)", id: "getRequirement", parameters: [ticketID],
            responses: [("200", ok("The assessment", ref("Requirement")))])]),
        ("/api/v1/requirements", ["get": operation(
            "The requirement report: requirement tickets, newest first, with estimate, route and stage (supporters)", id: "requirementReport",
            parameters: [queryParameter("stage", enumeration(RequirementStage.self), "Only requirements at this stage"),
                         queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": .number(RequirementOperations.reportMaxRows)],
                                        "At most this many (default 500)")],
            responses: [("200", ok("Requirements", array(ref("RequirementReportLine"))))])]),
        ("/api/v1/requirements/sync", ["post": operation(
            "Read back the requirements queue's statuses now (second line, administrators); decided requirements solve their tickets",
            id: "syncRequirements", responses: [("200", ok("What the sync found", ref("RequirementSync")))])]),
    ]

    static let requirementSchemas: [(String, JSONValue)] = [
        ("EstimateInput", object([
            ("personDays", ["type": "number", "exclusiveMinimum": 0, "maximum": .number(Int(RequirementRules.maxPersonDays))]),
            ("note", string),
        ], required: ["personDays"])),
        ("RequirementRoutingInput", object([
            ("to", enumeration(RequirementRoute.self)),
            ("unit", ["type": "string", "description": "The product team (a third-line unit's id or name); only with to = product-team"]),
            ("note", ["type": "string", "description": "A public note for the submitter"]),
        ], required: ["to"])),
        ("Requirement", object([
            ("ticket", integer), ("personDays", ["type": ["number", "null"]]), ("estimatedAt", nullableDateTime), ("estimatedBy", nullableString),
            ("thresholdPersonDays", number), ("allowedRoute", nullableEnumeration(RequirementRoute.self)),
            ("route", nullableEnumeration(RequirementRoute.self)), ("routedAt", nullableDateTime), ("trackerId", nullableString),
            ("trackerUrl", nullableString), ("trackerStatus", nullableString), ("stage", enumeration(RequirementStage.self)),
        ], required: ["ticket", "personDays", "estimatedAt", "estimatedBy", "thresholdPersonDays", "allowedRoute", "route", "routedAt",
                      "trackerId", "trackerUrl", "trackerStatus", "stage"])),
        ("RequirementReportLine", object([
            ("ticket", integer), ("subject", string), ("status", enumeration(TicketStatus.self)), ("unit", string), ("createdAt", dateTime),
            ("personDays", ["type": ["number", "null"]]), ("estimatedBy", nullableString), ("route", nullableEnumeration(RequirementRoute.self)),
            ("routedAt", nullableDateTime), ("trackerId", nullableString), ("trackerUrl", nullableString), ("trackerStatus", nullableString),
            ("stage", enumeration(RequirementStage.self)),
        ], required: ["ticket", "subject", "status", "unit", "createdAt", "personDays", "estimatedBy", "route", "routedAt", "trackerId",
                      "trackerUrl", "trackerStatus", "stage"])),
        ("RequirementSync", object([("checked", integer), ("resolved", integer), ("rejected", integer), ("failures", array(string))],
                                   required: ["checked", "resolved", "rejected", "failures"])),
    ]
}
