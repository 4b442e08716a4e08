import SwitchboardCore

/// The saved views part of the OpenAPI document.
extension OpenAPIDocument {
    static let viewID = pathParameter("viewID", uuid)

    static let savedViewPaths: [(String, JSONValue)] = [
        ("/api/v1/views", [
            "get": operation("The signed-in person's saved views and those shared with their units, with counts", id: "listSavedViews",
                             responses: [("200", ok("Views", array(ref("SavedView"))))]),
            "post": operation("Save a search (shared with a unit: its admins, administrators)", id: "createSavedView",
                              body: json(ref("SavedViewInput")), responses: [("201", ok("The view", ref("SavedView")))]),
        ]),
        ("/api/v1/views/{viewID}", [
            "delete": operation("Remove a saved view (one's own; a unit's: its admins, administrators)", id: "deleteSavedView",
                                parameters: [viewID], responses: [("204", ["description": "Removed"])]),
        ]),
    ]

    static let savedViewSchemas: [(String, JSONValue)] = [
        ("SavedView", object([("id", uuid), ("name", string), ("query", string), ("unit", ["type": ["string", "null"]]), ("count", integer), ("url", string)],
                             required: ["id", "name", "query", "unit", "count", "url"])),
        ("SavedViewInput", object([
            ("name", text),
            ("query", ["type": "string", "maxLength": 2000, "description": "The search page's query string, e.g. status=new,assigned&sort=priority-desc"]),
            ("unit", uuid),
        ], required: ["name", "query"])),
    ]
}
