import SwitchboardCore

/// The Units part of the OpenAPI document.
extension OpenAPIDocument {
    static let unitPaths: [(String, JSONValue)] = [
        ("/api/v1/support-units/{unitID}/members/{userID}", ["delete": operation(
            "Remove a member (administrators, unit admins)", id: "removeMember", parameters: [unitID, pathParameter("userID", uuid)],
            responses: [("204", ["description": "Removed"])])]),
        ("/api/v1/support-units", [
            "get": operation("List support units", id: "listSupportUnits", responses: [("200", ok("Units", array(ref("SupportUnit"))))]),
            "post": operation(
                "Create a support unit (administrators)", id: "createSupportUnit", body: json(ref("NewSupportUnit")),
                responses: [("201", ok("Created", ref("SupportUnit")))]),
        ]),
        ("/api/v1/support-units/{unitID}", [
            "get": operation(
                "A support unit with its members", id: "getSupportUnit", parameters: [unitID],
                responses: [("200", ok("The unit", ref("SupportUnit")))]),
            "put": operation(
                "Change a support unit (administrators)", id: "updateSupportUnit", parameters: [unitID], body: json(ref("NewSupportUnit")),
                responses: [("200", ok("The unit", ref("SupportUnit")))]),
        ]),
        ("/api/v1/support-units/{unitID}/members", ["post": operation(
            "Add a member (administrators, unit admins)", id: "addMember", parameters: [unitID], body: json(ref("MemberRequest")),
            responses: [("201", ok("Added", ref("Member")))])]),
    ]

    static let unitSchemas: [(String, JSONValue)] = [
        ("UnitReference", unitReference),
        ("NewSupportUnit", object([
            ("name", text), ("tier", enumeration(SupportTier.self)), ("parent", string), ("mailingList", ["type": "string", "format": "email"]),
            ("serviceLevel", ["type": "string", "description": "Name of a service level (default best-effort)"]), ("timeZone", string),
            ("sweepDays", ["type": "string", "description": "Weekdays of the sweep, like tue,thu (default: the installation's)"]),
        ], required: ["name", "tier", "mailingList"])),
        ("SupportUnit", object([
            ("id", uuid), ("name", string), ("tier", enumeration(SupportTier.self)), ("parent", uuid), ("mailingList", string),
            ("serviceLevel", string), ("timeZone", string), ("calendar", uuid), ("sweepDays", string), ("members", array(ref("Member"))),
        ], required: ["id", "name", "tier", "mailingList", "serviceLevel", "timeZone"])),
        ("MemberRequest", object([("user", uuid), ("role", enumeration(MembershipRole.self))], required: ["user"])),
        ("Member", object([("user", personReference), ("role", enumeration(MembershipRole.self))], required: ["user", "role"])),
    ]
}
