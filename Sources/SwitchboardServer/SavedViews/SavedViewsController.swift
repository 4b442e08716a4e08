import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/views`: the signed-in person's saved views (their own and their units'), with counts.
struct SavedViewsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("views", use: list)
        routes.post("views", use: create)
        routes.delete("views", ":viewID", use: delete)
    }

    func list(_ request: Request) async throws -> [SavedViewResponse] {
        try await request.helpdesk.savedViews.views(for: try request.signedIn.principal).map(SavedViewResponse.init)
    }

    func create(_ request: Request) async throws -> Response {
        let acting = try request.signedIn.acting
        let views = request.helpdesk.savedViews
        let view = try await views.create(try request.content.decode(SavedViewInput.self), by: acting)
        var unitName: String?
        if let unitID = view.$unit.id { unitName = try await request.helpdesk.units.find(unitID).name }
        return try await SavedViewResponse(try await views.summary(of: view, unitName: unitName, for: acting.principal))
            .encodeResponse(status: .created, for: request)
    }

    func delete(_ request: Request) async throws -> HTTPStatus {
        guard let id = request.parameters.get("viewID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no view '\(request.parameters.get("viewID") ?? "")'.")
        }
        try await request.helpdesk.savedViews.delete(id, by: try request.signedIn.acting)
        return .noContent
    }
}

struct SavedViewResponse: Content {
    var id: UUID
    var name: String
    var query: String
    /// The unit it is shared with; absent (null) for one's own.
    var unit: String?
    var count: Int
    /// The search page that shows it.
    var url: String

    init(_ saved: SavedView) throws {
        id = try saved.view.requireID()
        name = saved.view.name
        query = saved.view.query
        unit = saved.unitName
        count = saved.count
        url = saved.url
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(query, forKey: .query)
        try container.encode(unit, forKey: .unit)
        try container.encode(count, forKey: .count)
        try container.encode(url, forKey: .url)
    }
}
