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
        try await request.helpdesk.serviceLevels.all().map(ServiceLevelResponse.init)
    }

    func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ServiceLevelInput.self)
        let level = try await request.helpdesk.serviceLevels.createServiceLevel(input, by: try request.signedIn.acting)
        let response = try await ServiceLevelResponse(level).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/service-levels/\(level.name)")
        return response
    }

    func update(_ request: Request) async throws -> ServiceLevelResponse {
        let name = request.parameters.get("name") ?? ""
        let input = try request.content.decode(ServiceLevelInput.self)
        return ServiceLevelResponse(try await request.helpdesk.serviceLevels.updateServiceLevel(named: name, input, by: try request.signedIn.acting))
    }

    /// Violations, newest first; supporters and administrators. Filters: `supportUnit` (id),
    /// `from` and `to` (ISO 8601, on the due instant), `limit` (default 100, at most 1000).
    func violations(_ request: Request) async throws -> [ViolationResponse] {
        let filter = try ResponseViolationFilter.parse(
            unit: request.query[String.self, at: "supportUnit"], from: request.query[String.self, at: "from"],
            to: request.query[String.self, at: "to"], limit: request.query[String.self, at: "limit"])
        return try await request.helpdesk.serviceLevels.responseViolations(filter, for: try request.signedIn.principal).violations.map(ViolationResponse.init)
    }
}
