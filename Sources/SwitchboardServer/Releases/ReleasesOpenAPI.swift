import SwitchboardCore

/// The Releases part of the OpenAPI document.
extension OpenAPIDocument {
    static let productParameter = pathParameter("product", string)
    static let releaseID = pathParameter("releaseID", uuid)
    static let versionLabel: JSONValue = ["type": "string", "minLength": 1, "maxLength": 120, "pattern": "^[A-Za-z0-9._+~^:-]+$"]

    static let releasePaths: [(String, JSONValue)] = [
        ("/api/v1/products", [
            "get": operation("The product catalogue with components", id: "listProducts", responses: [("200", ok("Products", array(ref("Product"))))]),
            "post": operation("Add a product (administrators)", id: "createProduct", body: json(ref("NewProduct")),
                              responses: [("201", ok("The product", ref("Product")))]),
        ]),
        ("/api/v1/products/{product}", ["get": operation(
            "One product, by id or name", id: "getProduct", parameters: [productParameter], responses: [("200", ok("The product", ref("Product")))])]),
        ("/api/v1/products/{product}/components", ["post": operation(
            "Add a component (package name) to a product (administrators and its team)", id: "addComponent",
            parameters: [productParameter], body: json(ref("NewComponent")), responses: [("201", ok("The component", ref("Component")))])]),
        ("/api/v1/releases", [
            "get": operation("Releases, latest change first", id: "listReleases", parameters: [
                queryParameter("component", string, "A component's name or id"),
                queryParameter("stage", enumeration(ReleaseStage.self), "Only releases in this stage"),
            ], responses: [("200", ok("Releases", array(ref("Release"))))]),
            "post": operation("Announce a release (release unit, administrators, the component's team)", id: "announceRelease",
                              body: json(ref("AnnounceRelease")), responses: [("201", ok("The release", ref("Release")))]),
        ]),
        ("/api/v1/releases/queue", ["get": operation(
            "The release unit's tickets by component and fixed version (supporters)", id: "releaseQueue",
            responses: [("200", ok("The queue", ref("ReleaseQueue")))])]),
        ("/api/v1/releases/repositories", ["get": operation(
            "The configured repositories and their last sync", id: "releaseRepositories",
            responses: [("200", ok("Repositories", array(ref("RepositoryStatus"))))])]),
        ("/api/v1/releases/sync", ["post": operation(
            "Sync the repositories now (release unit, administrators)", id: "syncReleases",
            responses: [("200", ok("What each repository did", ref("SyncReport")))])]),
        ("/api/v1/releases/{releaseID}", ["get": operation(
            "One release with its history and tickets", id: "getRelease", parameters: [releaseID],
            responses: [("200", ok("The release", ref("Release")))])]),
        ("/api/v1/releases/{releaseID}/stage", ["post": operation(
            "Move a release (release unit, administrators); in production it closes the tickets it fixes", id: "moveRelease",
            parameters: [releaseID], body: json(ref("StageRequest")), responses: [("200", ok("The release", ref("Release")))])]),
        ("/api/v1/tickets/{ticketID}/fix", ["post": operation(
            "Record the fixed component version and hand the ticket to the release unit (the ticket's unit)", id: "recordFix",
            parameters: [ticketID], body: json(ref("FixRequest")), responses: [("200", ok("The ticket", ref("Ticket")))])]),
    ]

    static let releaseSchemas: [(String, JSONValue)] = [
        ("Component", object([("id", uuid), ("name", string)], required: ["id", "name"])),
        ("Product", object([
            ("id", uuid), ("name", string), ("ownerUnit", unitReference), ("description", string), ("components", array(ref("Component"))),
        ], required: ["id", "name", "ownerUnit", "components"])),
        ("NewProduct", object([
            ("name", text), ("ownerUnit", text), ("description", string), ("components", array(string)),
        ], required: ["name", "ownerUnit"])),
        ("NewComponent", object([("name", text)], required: ["name"])),
        ("StageChange", object([
            ("from", enumeration(ReleaseStage.self)), ("to", enumeration(ReleaseStage.self)), ("reason", string), ("by", string), ("at", dateTime),
        ], required: ["to", "by", "at"])),
        ("Release", object([
            ("id", uuid), ("component", string), ("product", string), ("version", string), ("stage", enumeration(ReleaseStage.self)),
            ("reason", string), ("createdAt", dateTime), ("stageChangedAt", dateTime), ("history", array(ref("StageChange"))),
            ("closedTickets", array(integer)), ("waitingTickets", array(integer)),
        ], required: ["id", "component", "product", "version", "stage", "createdAt", "stageChangedAt", "history"])),
        ("AnnounceRelease", object([("component", text), ("version", versionLabel)], required: ["component", "version"])),
        ("StageRequest", object([("stage", enumeration(ReleaseStage.self)), ("reason", string)], required: ["stage"])),
        ("FixRequest", object([("component", text), ("version", versionLabel), ("note", string)], required: ["component", "version"])),
        ("ReleaseQueue", object([
            ("unit", string), ("limitDays", integer),
            ("groups", array(object([
                ("component", string), ("version", string),
                ("tickets", array(object([
                    ("id", integer), ("subject", string), ("priority", enumeration(TicketPriority.self)),
                    ("status", enumeration(TicketStatus.self)), ("fixedAt", dateTime), ("waitingDays", integer), ("overdue", boolean),
                ], required: ["id", "subject", "priority", "status", "fixedAt", "waitingDays", "overdue"]))),
            ], required: ["component", "version", "tickets"]))),
        ], required: ["limitDays", "groups"])),
        ("RepositoryStatus", object([
            ("name", string), ("stage", enumeration(ReleaseStage.self)), ("url", string), ("lastAttemptAt", dateTime),
            ("lastSuccessAt", dateTime), ("lastError", string), ("packageCount", integer),
        ], required: ["name", "stage", "url"])),
        ("SyncReport", object([
            ("repositories", array(object([
                ("name", string), ("stage", enumeration(ReleaseStage.self)), ("error", string), ("packageCount", integer),
                ("created", integer), ("moved", integer),
            ], required: ["name", "stage", "packageCount", "created", "moved"]))),
            ("closedTickets", integer),
        ], required: ["repositories", "closedTickets"])),
    ]
}
