import SwitchboardCore

/// The list preferences part of the OpenAPI document.
extension OpenAPIDocument {
    static let listPreferencePaths: [(String, JSONValue)] = [
        ("/api/v1/list-preferences", [
            "get": operation("The signed-in person's list columns and dashboard lists", id: "getListPreferences",
                             responses: [("200", ok("Preferences", ref("ListPreferences")))]),
            "put": operation("Change the list columns or the dashboard's lists (a field left out is kept)", id: "updateListPreferences",
                             body: json(ref("ListPreferencesInput")), responses: [("200", ok("Preferences", ref("ListPreferences")))]),
            "delete": operation("Back to the default columns and dashboard", id: "resetListPreferences",
                                responses: [("200", ok("Preferences", ref("ListPreferences")))]),
        ]),
    ]

    static let listPreferenceSchemas: [(String, JSONValue)] = [
        ("ListPreferences", object([
            ("columns", array(["type": "string", "enum": .array(TicketListColumn.allCases.map { .string($0.rawValue) })])),
            ("dashboard", array(string)),
            ("dashboardIsDefault", boolean),
        ], required: ["columns", "dashboard", "dashboardIsDefault"])),
        ("ListPreferencesInput", object([
            ("columns", ["type": "array", "items": ["type": "string", "enum": .array(TicketListColumn.allCases.map { .string($0.rawValue) })],
                         "description": "The columns to show besides the number and the subject"]),
            ("dashboard", ["type": "array", "maxItems": .number(ListPreferences.maxDashboardSections),
                           "items": ["type": "string", "description": "assigned, units, submitted or view:<id>"],
                           "description": "The dashboard's lists in order"]),
        ], required: [])),
    ]
}
