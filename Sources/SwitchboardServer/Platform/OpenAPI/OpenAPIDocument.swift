import SwitchboardCore

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. The contract
/// test (schemathesis in `.ci/run`) checks real answers against it.
enum OpenAPIDocument {
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Switchboard API",
            "version": "1",
            "description": "Helpdesk for federated research e-infrastructures. Errors are application/problem+json (RFC 9457).",
        ],
        "paths": .object(paths),
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer",
                                            "description": "A Switchboard token (POST /api/v1/tokens, or the account page), or an access token of a configured OpenID Connect provider whose identity is linked to an account"]],
            "schemas": .object(schemas),
        ],
        "security": [["bearer": []]],
    ]

    // MARK: Building blocks

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> JSONValue where E.RawValue == String {
        ["type": "string", "enum": .array(E.allCases.map { .string($0.rawValue) })]
    }
    static let string: JSONValue = ["type": "string"]
    /// Text that must not be blank.
    static let text: JSONValue = ["type": "string", "minLength": 1, "pattern": "\\S"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let number: JSONValue = ["type": "number"]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    /// Values that are `null` when absent (the API writes every key).
    static let nullableNumber: JSONValue = ["type": ["number", "null"]]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static func nullableEnumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> JSONValue where E.RawValue == String {
        ["anyOf": [enumeration(type), ["type": "null"]]]
    }

    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    static func json(_ schema: JSONValue) -> JSONValue { ["content": ["application/json": ["schema": schema]]] }

    static let problem: JSONValue = ["description": "A problem", "content": ["application/problem+json": ["schema": ref("Problem")]]]
    static let problemStatuses = ["400", "401", "403", "404", "409", "413", "415", "422", "503"]

    /// An operation; every operation may answer with a problem.
    static func operation(
        _ summary: String, id: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
        responses: [(String, JSONValue)], public isPublic: Bool = false
    ) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("summary", .string(summary)), ("operationId", .string(id))]
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body { pairs.append(("requestBody", body.merging([("required", true)]))) }
        let documented = Set(responses.map(\.0))
        pairs.append(("responses", .object(responses + problemStatuses.filter { !documented.contains($0) }.map { ($0, problem) })))
        if isPublic { pairs.append(("security", [])) }
        return .object(pairs)
    }

    static func ok(_ description: String, _ schema: JSONValue) -> JSONValue {
        json(schema).merging([("description", .string(description))])
    }

    static func pathParameter(_ name: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": schema]
    }

    static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "schema": schema, "description": .string(description)]
    }

    static func requiredQuery(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": true, "schema": string, "description": .string(description)]
    }

    static let ticketID = pathParameter("ticketID", ["type": "integer", "minimum": 1])
    static let unitID = pathParameter("unitID", uuid)

    // MARK: Parts

    /// Every feature's paths and schemas, in this order in the document.
    static let paths = platformPaths + accountPaths + unitPaths + calendarPaths + serviceLevelPaths + automationPaths + mailPaths + ticketPaths
        + releasePaths + reportPaths + servicePaths + templatePaths + savedViewPaths + listPreferencePaths + requirementPaths + knownIssuePaths + webhookPaths
        + identityPaths
    static let schemas = platformSchemas + accountSchemas + unitSchemas + calendarSchemas + serviceLevelSchemas + automationSchemas + mailSchemas
        + ticketSchemas + releaseSchemas + reportSchemas + serviceSchemas + templateSchemas + savedViewSchemas + listPreferenceSchemas
        + requirementSchemas + knownIssueSchemas + webhookSchemas + identitySchemas

    static let unitReference = object([("id", uuid), ("name", string), ("tier", enumeration(SupportTier.self))], required: ["id", "name", "tier"])
    static let personReference = object([("id", uuid), ("displayName", string)], required: ["id", "displayName"])
}
