import Fluent
import SwitchboardCore
import Vapor

/// `/api/v1/service-levels` (the response targets units declare) and
/// `/api/v1/response-violations` (the targets that were missed).
struct ServiceLevelsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let levels = routes.grouped("service-levels")
        levels.get(use: list)
        levels.post(use: create)
        levels.put(":name", use: update)
        routes.get("response-violations", use: violations)
    }

    func list(_ request: Request) async throws -> [ServiceLevelResponse] {
        try await request.helpdesk.serviceLevels().map(ServiceLevelResponse.init)
    }

    func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ServiceLevelInput.self)
        let level = try await request.helpdesk.createServiceLevel(input, by: try request.signedIn.acting)
        let response = try await ServiceLevelResponse(level).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/service-levels/\(level.name)")
        return response
    }

    func update(_ request: Request) async throws -> ServiceLevelResponse {
        let name = request.parameters.get("name") ?? ""
        let input = try request.content.decode(ServiceLevelInput.self)
        return ServiceLevelResponse(try await request.helpdesk.updateServiceLevel(named: name, input, by: try request.signedIn.acting))
    }

    /// Violations, newest first; supporters and administrators. Filters: `supportUnit` (id),
    /// `from` and `to` (ISO 8601, on the due instant), `limit` (default 100, at most 1000).
    func violations(_ request: Request) async throws -> [ViolationResponse] {
        let actor = try request.signedIn.actor
        guard actor.isSupporter || actor.isAdmin else { throw HelpdeskError.forbidden("Response violations are for supporters.") }
        var query = ResponseClockModel.query(on: request.db).filter(\.$violatedAt != nil)
        if let text = request.query[String.self, at: "supportUnit"], !text.isEmpty {
            guard let id = UUID(uuidString: text) else { throw HelpdeskError.invalid("supportUnit", "'\(text)' is not a unit id.") }
            query = query.filter(\.$unit.$id == id)
        }
        for (name, isStart) in [("from", true), ("to", false)] {
            guard let text = request.query[String.self, at: name], !text.isEmpty else { continue }
            guard let instant = ISO8601.parse(text) else {
                throw HelpdeskError.invalid(name, "'\(text)' is not an ISO 8601 date or instant.")
            }
            query = isStart ? query.filter(\.$dueAt >= instant) : query.filter(\.$dueAt < instant)
        }
        var limit = 100
        if let text = request.query[String.self, at: "limit"], !text.isEmpty {
            guard let number = Int(text), (1...1000).contains(number) else { throw HelpdeskError.invalid("limit", "limit is a number from 1 to 1000.") }
            limit = number
        }
        return try await query.sort(\.$dueAt, .descending).limit(limit).all().map(ViolationResponse.init)
    }
}
