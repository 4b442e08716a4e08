import SwitchboardCore

/// The Services part of the OpenAPI document.
extension OpenAPIDocument {
    static let serviceParameter = pathParameter("service", string)
    static let monthRangeParameters: [JSONValue] = [
        queryParameter("from", ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"], "First month, YYYY-MM (default: six months before the last full month)"),
        queryParameter("to", ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"], "Last month, included (default: the last full month)"),
    ]
    static let percentage: JSONValue = ["type": "number", "minimum": 0, "maximum": 100]

    static let servicePaths: [(String, JSONValue)] = [
        ("/api/v1/services", [
            "get": operation("Services with endpoints and OLA targets (supporters)", id: "listServices",
                             responses: [("200", ok("Services", array(ref("Service"))))]),
            "post": operation("Add a service (administrators)", id: "createService", body: json(ref("ServiceInput")),
                              responses: [("201", ok("The service", ref("Service")))]),
        ]),
        ("/api/v1/services/{service}", [
            "get": operation("One service, by id or name (supporters)", id: "getService", parameters: [serviceParameter],
                             responses: [("200", ok("The service", ref("Service")))]),
            "put": operation("Change a service; the endpoints listed are its endpoints afterwards (administrators)", id: "updateService",
                             parameters: [serviceParameter], body: json(ref("ServiceInput")), responses: [("200", ok("The service", ref("Service")))]),
        ]),
        ("/api/v1/services/{service}/availability", ["get": operation(
            "Availability and reliability per UTC month, as ARGO computes them (supporters)", id: "serviceAvailability",
            parameters: [serviceParameter] + monthRangeParameters,
            responses: [("200", ok("One row per month", array(ref("AvailabilityRow"))))])]),
        ("/api/v1/services/{service}/availability/days", ["get": operation(
            "The same per UTC day of one month (supporters)", id: "serviceAvailabilityDays",
            parameters: [serviceParameter, queryParameter("month", ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"], "YYYY-MM (default: the last full month)")],
            responses: [("200", ok("One row per day", array(ref("AvailabilityDay"))))])]),
        ("/api/v1/services/{service}/ola-report", [
            "get": operation(
                "The OLA report; Markdown with Accept: text/markdown, the performance table with Accept: text/csv (supporters)",
                id: "olaReport", parameters: [serviceParameter] + monthRangeParameters,
                responses: [("200", ["description": "The report", "content": [
                    "application/json": ["schema": ref("OLAReport")], "text/markdown": ["schema": string], "text/csv": ["schema": string],
                ]])]),
            "put": operation("Save the narrative of a draft report (administrators, the provider unit)", id: "saveOLANarrative",
                             parameters: [serviceParameter] + monthRangeParameters, body: json(ref("OLANarrative")),
                             responses: [("200", ok("The report", ref("OLAReport")))]),
        ]),
        ("/api/v1/services/{service}/ola-report/publish", ["post": operation(
            "Publish the report: its figures and text are frozen (administrators, the provider unit; after its last month)",
            id: "publishOLAReport", parameters: [serviceParameter] + monthRangeParameters,
            responses: [("200", ok("The published report", ref("OLAReport")))])]),
        ("/api/v1/monitoring/results", ["post": operation(
            "Record monitoring results: one, or a batch taken whole or not at all (administrators, the provider unit)",
            id: "recordMonitoringResults",
            body: json(["oneOf": [ref("MonitoringResult"), array(ref("MonitoringResult"))]]),
            responses: [("200", ok("What the batch did", ref("MonitoringSummary")))])]),
        ("/api/v1/monitoring/argo", ["post": operation(
            "Import the JSON of ARGO's status timelines (GET /api/v3/status/{report}) (administrators, the provider unit)",
            id: "importARGOStatus", body: json(["type": "object"]),
            responses: [("200", ok("What the import did", ref("MonitoringSummary")))])]),
        ("/api/v1/monitoring/endpoints", ["get": operation(
            "Every endpoint's availability and reliability for one month (supporters)", id: "endpointAvailability",
            parameters: [queryParameter("month", ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"], "YYYY-MM (default: the last full month)")],
            responses: [("200", ok("Per endpoint", array(ref("EndpointAvailability"))))])]),
        ("/api/v1/downtimes", [
            "get": operation("Downtimes overlapping a period (supporters)", id: "listDowntimes", parameters: [
                queryParameter("service", string, "Only this service's endpoints (id or name)"),
                queryParameter("from", dateTime, "Overlapping from this instant"),
                queryParameter("to", dateTime, "Overlapping until this instant"),
            ], responses: [("200", ok("Downtimes by start", array(ref("Downtime"))))]),
            "post": operation("Enter a downtime by hand (administrators, the provider unit)", id: "createDowntime",
                              body: json(ref("DowntimeInput")), responses: [("201", ok("The downtime", ref("Downtime")))]),
        ]),
        ("/api/v1/downtimes/gocdb", ["post": operation(
            "Import GOCDB's get_downtime XML, whole or not at all (administrators, the provider unit)", id: "importGOCDBDowntimes",
            parameters: [queryParameter("onlyKnownEndpoints", boolean, "Leave out endpoints that are not ours instead of refusing the file")],
            body: ["content": ["application/xml": ["schema": string]]],
            responses: [("200", ok("What the import did", ref("DowntimeImportSummary")))])]),
        ("/api/v1/downtimes/{downtimeID}", ["delete": operation(
            "Remove a downtime (administrators, the provider unit)", id: "deleteDowntime", parameters: [pathParameter("downtimeID", uuid)],
            responses: [("204", ["description": "Removed"])])]),
    ]

    static let availabilityRow = object([
        ("month", string), ("availability", nullableNumber), ("reliability", nullableNumber), ("upSeconds", integer),
        ("unknownSeconds", integer), ("scheduledDowntimeSeconds", integer), ("totalSeconds", integer),
    ], required: ["month", "availability", "reliability", "upSeconds", "unknownSeconds", "scheduledDowntimeSeconds", "totalSeconds"])

    static let serviceSchemas: [(String, JSONValue)] = [
        ("Endpoint", object([("id", integer), ("endpoint", string), ("hostname", string), ("serviceType", string), ("group", string)],
                            required: ["id", "endpoint", "hostname", "serviceType", "group"])),
        ("Service", object([
            ("id", uuid), ("name", string), ("description", string),
            ("providerUnit", object([("id", uuid), ("name", string)], required: ["id", "name"])),
            ("rule", enumeration(ServiceRule.self)), ("availabilityTarget", percentage), ("reliabilityTarget", percentage),
            ("responseTargets", ["type": "object", "additionalProperties": string]), ("endpoints", array(ref("Endpoint"))),
        ], required: ["id", "name", "description", "providerUnit", "rule", "availabilityTarget", "reliabilityTarget", "responseTargets", "endpoints"])),
        ("ServiceInput", object([
            ("name", text), ("description", string), ("providerUnit", text), ("rule", enumeration(ServiceRule.self)),
            ("availabilityTarget", percentage), ("reliabilityTarget", percentage),
            ("responseTargets", ["type": "object", "additionalProperties": string,
                                 "description": "Priority (less-urgent, urgent, very-urgent, top-priority) to a working duration: 4h, 1wd"]),
            ("endpoints", array(object([("hostname", text), ("serviceType", text), ("group", string)], required: ["hostname", "serviceType"]))),
        ], required: ["name", "providerUnit"])),
        ("AvailabilityRow", availabilityRow),
        ("AvailabilityDay", object([
            ("day", ["type": "string", "format": "date"]), ("availability", nullableNumber), ("reliability", nullableNumber), ("upSeconds", integer),
            ("unknownSeconds", integer), ("scheduledDowntimeSeconds", integer), ("totalSeconds", integer),
        ], required: ["day", "availability", "reliability", "upSeconds", "unknownSeconds", "scheduledDowntimeSeconds", "totalSeconds"])),
        ("EndpointAvailability", object([("endpoint", string), ("service", string), ("row", availabilityRow)], required: ["endpoint", "service", "row"])),
        ("MonitoringResult", object([
            ("endpoint", ["type": "string", "description": "hostname/serviceType"]), ("metric", string),
            ("status", enumeration(MonitoringStatus.self)), ("at", dateTime), ("sourceId", string),
        ], required: ["endpoint", "status", "at"])),
        ("MonitoringSummary", object([("received", integer), ("added", integer), ("unchanged", integer), ("corrected", integer)],
                                     required: ["received", "added", "unchanged", "corrected"])),
        ("DowntimeInput", object([
            ("classification", enumeration(GOCDBDowntimeFile.Classification.self)), ("severity", enumeration(GOCDBDowntimeFile.Severity.self)),
            ("description", text), ("start", dateTime), ("end", dateTime), ("endpoints", array(string)),
        ], required: ["classification", "description", "start", "end", "endpoints"])),
        ("Downtime", object([
            ("id", uuid), ("sourceId", ["type": ["string", "null"]]), ("classification", enumeration(GOCDBDowntimeFile.Classification.self)),
            ("severity", enumeration(GOCDBDowntimeFile.Severity.self)), ("description", string), ("start", dateTime), ("end", dateTime),
            ("endpoints", array(string)), ("recordedBy", string),
        ], required: ["id", "sourceId", "classification", "severity", "description", "start", "end", "endpoints", "recordedBy"])),
        ("DowntimeImportSummary", object([("received", integer), ("added", integer), ("updated", integer), ("unchanged", integer), ("skipped", integer)],
                                         required: ["received", "added", "updated", "unchanged", "skipped"])),
        ("OLANarrative", object([
            ("effort", array(object([("person", text), ("personMonths", ["type": "number", "minimum": 0, "maximum": 1000])],
                                    required: ["person", "personMonths"]))),
            ("overview", string), ("issuesArising", string), ("measuresPlanned", string), ("foreseenActivities", string),
        ], required: [])),
        ("OLAReport", object([
            ("service", object([("id", uuid), ("name", string)], required: ["id", "name"])), ("providerUnit", string),
            ("from", string), ("to", string), ("status", ["type": "string", "enum": ["draft", "published"]]),
            ("publishedAt", ["type": ["string", "null"], "format": "date-time"]), ("publishedBy", ["type": ["string", "null"]]),
            ("computedAt", dateTime), ("availabilityTarget", number), ("reliabilityTarget", number),
            ("responseTargets", ["type": "object", "additionalProperties": object([("target", string), ("hours", number)], required: ["target", "hours"])]),
            ("months", array(object([
                ("figures", availabilityRow), ("availabilityMet", boolean), ("reliabilityMet", boolean),
                ("support", ["type": "object", "additionalProperties": object([
                    ("tickets", integer), ("answered", integer), ("pending", integer), ("meanWorkingHours", nullableNumber),
                    ("meanCalendarHours", nullableNumber), ("met", ["type": ["boolean", "null"]]),
                ], required: ["tickets", "answered", "pending", "meanWorkingHours", "meanCalendarHours", "met"])]),
                ("supportSummary", string),
            ], required: ["figures", "availabilityMet", "reliabilityMet", "support", "supportSummary"]))),
            ("narrative", object([
                ("effort", array(object([("person", string), ("personMonths", number)], required: ["person", "personMonths"]))),
                ("totalPersonMonths", number), ("overview", string), ("issuesArising", string), ("measuresPlanned", string),
                ("foreseenActivities", string),
            ], required: ["effort", "totalPersonMonths", "overview", "issuesArising", "measuresPlanned", "foreseenActivities"])),
        ], required: ["service", "providerUnit", "from", "to", "status", "publishedAt", "publishedBy", "computedAt", "availabilityTarget",
                      "reliabilityTarget", "responseTargets", "months", "narrative"])),
    ]
}
