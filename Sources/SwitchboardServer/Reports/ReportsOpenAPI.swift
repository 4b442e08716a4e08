import SwitchboardCore

/// The Reports part of the OpenAPI document.
extension OpenAPIDocument {
    static let reportRangeParameters: [JSONValue] = [
        queryParameter("unit", string, "Unit name or id (default: the second-line unit)"),
        queryParameter("from", string, "A date (midnight in the zone) or an instant; the range is [from, to)"),
        queryParameter("to", string, "A date (midnight in the zone) or an instant"),
        queryParameter("zone", string, "IANA time zone the periods are cut in (default UTC)"),
    ]

    static let reportPaths: [(String, JSONValue)] = [
        ("/api/v1/reports/quarterly", ["get": operation(
            "The quarterly table (seed Table 1) for a unit: per period and in total; CSV with Accept: text/csv (supporters)",
            id: "quarterlyReport",
            parameters: reportRangeParameters + [queryParameter("split", enumeration(ReportSplit.self), "How the range is cut (default quarter)")],
            responses: [("200", ["description": "The table", "content": [
                "application/json": ["schema": ref("QuarterlyReport")], "text/csv": ["schema": string],
            ]])])]),
        ("/api/v1/reports/quarterly/tickets", ["get": operation(
            "The tickets behind one figure of the quarterly table (supporters)", id: "quarterlyReportTickets",
            parameters: reportRangeParameters + [
                ["name": "row", "in": "query", "required": true, "schema": enumeration(QuarterlyReport.Row.self),
                 "description": "Which row of the table"],
            ],
            responses: [("200", ok("The tickets, in the order they entered the row", ref("ReportTickets")))])]),
        ("/api/v1/reports/third-line-backlog", ["get": operation(
            "Open third-line tickets whose latest assignment is older than some months, at an instant (supporters)",
            id: "thirdLineBacklog",
            parameters: [
                queryParameter("at", string, "An instant or a date (default now)"),
                queryParameter("olderThanMonths", ["type": "integer", "minimum": 1, "maximum": 120], "Age limit in calendar months (default 2)"),
                queryParameter("zone", string, "IANA time zone months are counted in (default UTC)"),
            ],
            responses: [("200", ok("The backlog", ref("ThirdLineBacklog")))])]),
        ("/api/v1/reports/builder", ["get": operation(
            "Tickets filed in a range, filtered, grouped and measured; CSV with Accept: text/csv (supporters)", id: "reportBuilder",
            parameters: Array(reportRangeParameters.dropFirst()) + [
                queryParameter("unit", string, "Comma-separated unit names or ids: the unit responsible now"),
                queryParameter("tier", string, "Comma-separated lines of the unit responsible now"),
                queryParameter("status", string, "Comma-separated statuses (now)"),
                queryParameter("priority", string, "Comma-separated priorities (at filing, or now with priorityAt=current)"),
                queryParameter("type", string, "Comma-separated ticket types"),
                queryParameter("category", string, "Comma-separated categories (test tickets are always left out)"),
                queryParameter("vo", string, "Comma-separated VOs"),
                queryParameter("site", string, "Comma-separated sites"),
                queryParameter("component", string, "Comma-separated components"),
                queryParameter("groupBy", string, "Up to three of: unit, priority, month, week, vo, category"),
                queryParameter("priorityAt", enumeration(BuilderQuestion.PriorityAt.self), "Which priority (default filing)"),
            ],
            responses: [("200", ["description": "The groups", "content": [
                "application/json": ["schema": ref("BuilderReport")], "text/csv": ["schema": string],
            ]])])]),
        ("/api/v1/reports/sla-compliance", ["get": operation(
            "Response-target compliance per product team and priority, and per level (seed Table 3); CSV with Accept: text/csv (supporters)",
            id: "slaCompliance",
            parameters: Array(reportRangeParameters.dropFirst()) + [
                queryParameter("priorityAt", enumeration(BuilderQuestion.PriorityAt.self), "Which priority (default filing)"),
            ],
            responses: [("200", ["description": "The compliance", "content": [
                "application/json": ["schema": ref("ComplianceReport")], "text/csv": ["schema": string],
            ]])])]),
    ]

    static let builderRow = object([
        ("group", ["type": "object", "additionalProperties": string]), ("submitted", integer), ("responseWorkingHours", ref("Summary")),
        ("violated", integer), ("solutionDays", ref("Summary")), ("solutionExcludingWaitingDays", ref("Summary")), ("open", integer),
        ("openAgeDays", ref("Summary")),
    ], required: ["group", "submitted", "responseWorkingHours", "violated", "solutionDays", "solutionExcludingWaitingDays", "open", "openAgeDays"])

    static let complianceRow = object([
        ("unit", string), ("level", string), ("priority", enumeration(TicketPriority.self)), ("severity", integer),
        ("target", ["type": ["string", "null"]]), ("tickets", integer), ("met", integer), ("missed", integer), ("pending", integer),
        ("share", ["type": ["number", "null"]]), ("responseWorkingHours", ref("Summary")),
    ], required: ["level", "priority", "severity", "target", "tickets", "met", "missed", "pending", "share", "responseWorkingHours"])

    static let reportSchemas: [(String, JSONValue)] = [
        ("BuilderReport", object([
            ("from", dateTime), ("to", dateTime), ("zone", string), ("groupBy", array(string)), ("priorityAt", string),
            ("definitionsVersion", string), ("computedAt", dateTime), ("rows", array(builderRow)), ("total", builderRow),
        ], required: ["from", "to", "zone", "groupBy", "priorityAt", "definitionsVersion", "computedAt", "rows", "total"])),
        ("ComplianceReport", object([
            ("from", dateTime), ("to", dateTime), ("zone", string), ("priorityAt", string), ("computedAt", dateTime),
            ("teams", array(complianceRow)), ("levels", array(complianceRow)),
        ], required: ["from", "to", "zone", "priorityAt", "computedAt", "teams", "levels"])),
        ("Summary", object([
            ("count", integer), ("mean", ["type": ["number", "null"]]), ("median", ["type": ["number", "null"]]),
        ], required: ["count", "mean", "median"])),
        ("QuarterlyFigures", object([
            ("from", dateTime), ("to", dateTime), ("label", string), ("assigned", integer), ("solved", integer),
            ("reassignedToFirstLine", integer), ("assignedToThirdLine", integer), ("shareSolved", ["type": ["number", "null"]]),
            ("timeToSolveDays", ref("Summary")), ("timeToSolveExcludingWaitingDays", ref("Summary")),
            ("timeToSolveWorkingDays", ["oneOf": [ref("Summary"), ["type": "null"]]]), ("timeToThirdLineMinutes", ref("Summary")),
        ], required: ["from", "to", "label", "assigned", "solved", "reassignedToFirstLine", "assignedToThirdLine", "shareSolved",
                      "timeToSolveDays", "timeToSolveExcludingWaitingDays", "timeToThirdLineMinutes"])),
        ("QuarterlyReport", object([
            ("unit", string), ("from", dateTime), ("to", dateTime), ("zone", string), ("split", enumeration(ReportSplit.self)),
            ("definitionsVersion", string), ("computedAt", dateTime), ("periods", array(ref("QuarterlyFigures"))),
            ("total", ref("QuarterlyFigures")),
        ], required: ["unit", "from", "to", "zone", "definitionsVersion", "computedAt", "periods", "total"])),
        ("ReportTickets", object([
            ("unit", string), ("row", enumeration(QuarterlyReport.Row.self)), ("from", dateTime), ("to", dateTime),
            ("tickets", array(object([
                ("id", integer), ("subject", string), ("status", enumeration(TicketStatus.self)), ("supportUnit", string), ("at", dateTime),
            ], required: ["id", "subject", "status", "supportUnit", "at"]))),
        ], required: ["unit", "row", "from", "to", "tickets"])),
        ("ThirdLineBacklog", object([
            ("at", dateTime), ("olderThanMonths", integer), ("definitionsVersion", string), ("total", integer),
            ("perUnit", ["type": "object", "additionalProperties": integer]),
            ("byAge", object(ThirdLineBacklog<String>.AgeBand.allCases.map { ($0.rawValue, integer) },
                             required: ThirdLineBacklog<String>.AgeBand.allCases.map(\.rawValue))),
            ("tickets", array(object([("id", integer), ("supportUnit", string), ("assignedAt", dateTime)],
                                     required: ["id", "supportUnit", "assignedAt"]))),
        ], required: ["at", "olderThanMonths", "definitionsVersion", "total", "perUnit", "byAge", "tickets"])),
    ]
}
