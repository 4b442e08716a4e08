import Fluent
import SwitchboardCore
import Vapor

/// `/api/v1/support-units`: the directory of units and their members.
struct SupportUnitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let units = routes.grouped("support-units")
        units.get(use: list)
        units.post(use: create)
        units.get(":unitID", use: show)
        units.put(":unitID", use: update)
        units.get(":unitID", "sweep", use: sweep)
        units.post(":unitID", "members", use: addMember)
        units.delete(":unitID", "members", ":userID", use: removeMember)
    }

    private func unitID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("unitID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no support unit '\(request.parameters.get("unitID") ?? "")'.")
        }
        return id
    }

    func list(_ request: Request) async throws -> [SupportUnitResponse] {
        // Sorted here, case-insensitively, so the order is the same on every database.
        try await request.helpdesk.units.all().map { try SupportUnitResponse($0) }
    }

    func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(NewSupportUnitInput.self)
        let unit = try await request.helpdesk.units.createSupportUnit(input, by: try request.signedIn.acting)
        let response = try await SupportUnitResponse(unit, members: []).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/support-units/\(try unit.requireID())")
        return response
    }

    func show(_ request: Request) async throws -> SupportUnitResponse {
        let id = try unitID(request)
        let unit = try await request.helpdesk.units.find(id)
        return try SupportUnitResponse(unit, members: try await request.helpdesk.units.members(ofUnit: id))
    }

    func update(_ request: Request) async throws -> SupportUnitResponse {
        let id = try unitID(request)
        let input = try request.content.decode(NewSupportUnitInput.self)
        return try SupportUnitResponse(try await request.helpdesk.units.updateSupportUnit(id, input, by: try request.signedIn.acting))
    }

    func sweep(_ request: Request) async throws -> SweepAgendaResponse {
        let id = try unitID(request)
        var asOf: Date?
        if let text = request.query[String.self, at: "asOf"], !text.isEmpty {
            guard let instant = ISO8601.parseInstant(text) else {
                throw HelpdeskError.invalid("asOf", "'\(text)' is not an ISO 8601 instant with offset, like 2026-11-24T09:00:00+01:00.")
            }
            asOf = instant
        }
        return try SweepAgendaResponse(try await request.helpdesk.sweep.sweepAgenda(unit: id.uuidString, asOf: asOf, by: try request.signedIn.acting))
    }

    func removeMember(_ request: Request) async throws -> HTTPStatus {
        let id = try unitID(request)
        guard let userID = request.parameters.get("userID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("That person is not a member of the unit.")
        }
        try await request.helpdesk.units.removeMember(unitID: id, userID: userID, by: try request.signedIn.acting)
        return .noContent
    }

    func addMember(_ request: Request) async throws -> Response {
        let id = try unitID(request)
        let body = try request.content.decode(MemberRequest.self)
        var errors = FieldErrors()
        let role = parseEnum(body.role, as: MembershipRole.self, field: "role", default: .member, into: &errors)!
        try HelpdeskError.check(errors)
        let membership = try await request.helpdesk.units.addMember(unitID: id, userID: body.user, role: role, by: try request.signedIn.acting)
        let person = try await request.helpdesk.accounts.find(body.user)
        return try await MemberResponse(user: PersonReference(person), role: membership.role)
            .encodeResponse(status: .created, for: request)
    }
}
