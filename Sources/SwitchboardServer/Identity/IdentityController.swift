import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/entitlement-rules` (administrators) and `/api/v1/users/{id}/identities` (the person
/// reads their own; administrators read, link and unlink).
struct IdentityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("entitlement-rules", use: rules)
        routes.post("entitlement-rules", use: createRule)
        routes.delete("entitlement-rules", ":ruleID", use: removeRule)
        routes.get("users", ":userID", "identities", use: identities)
        routes.post("users", ":userID", "identities", use: link)
        routes.delete("users", ":userID", "identities", ":identityID", use: unlink)
    }

    private func id(_ request: Request, _ name: String, _ what: String) throws -> UUID {
        guard let id = request.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no \(what) '\(request.parameters.get(name) ?? "")'.")
        }
        return id
    }

    func rules(_ request: Request) async throws -> [EntitlementRuleResponse] {
        guard Permissions.mayAdminister(try request.signedIn.principal) else { throw HelpdeskError.forbidden("Only administrators may read entitlement rules.") }
        return try await request.helpdesk.entitlementRules.all().map(EntitlementRuleResponse.init)
    }

    func createRule(_ request: Request) async throws -> Response {
        let rule = try await request.helpdesk.entitlementRules.create(try request.content.decode(NewEntitlementRuleInput.self), by: try request.signedIn.acting)
        return try await EntitlementRuleResponse(rule).encodeResponse(status: .created, for: request)
    }

    func removeRule(_ request: Request) async throws -> HTTPStatus {
        try await request.helpdesk.entitlementRules.delete(try id(request, "ruleID", "entitlement rule"), by: try request.signedIn.acting)
        return .noContent
    }

    func identities(_ request: Request) async throws -> [IdentityResponse] {
        let helpdesk = request.helpdesk
        return try await helpdesk.identities.identities(of: try id(request, "userID", "user"), by: try request.signedIn.acting)
            .map { IdentityResponse($0, providers: helpdesk.identityProviders) }
    }

    struct LinkInput: Content {
        var issuer: String?
        var subject: String?
    }

    func link(_ request: Request) async throws -> Response {
        let input = try request.content.decode(LinkInput.self)
        let identity = try await request.helpdesk.identities.link(userID: try id(request, "userID", "user"), issuer: input.issuer, subject: input.subject,
                                                                  by: try request.signedIn.acting)
        return try await IdentityResponse(identity, providers: request.helpdesk.identityProviders).encodeResponse(status: .created, for: request)
    }

    func unlink(_ request: Request) async throws -> HTTPStatus {
        try await request.helpdesk.identities.unlink(userID: try id(request, "userID", "user"), identityID: try id(request, "identityID", "identity"),
                                                     by: try request.signedIn.acting)
        return .noContent
    }
}

struct EntitlementRuleResponse: Content {
    var id: UUID
    var entitlement: String
    var unit: UUID
    var unitName: String
    var role: MembershipRole
    var createdAt: Date

    init(_ rule: EntitlementRuleModel) throws {
        id = try rule.requireID()
        entitlement = rule.pattern
        unit = rule.$unit.id
        unitName = rule.unit.name
        role = rule.role
        createdAt = rule.createdAt
    }
}

struct IdentityResponse: Content {
    var id: UUID
    var provider: String
    var issuer: String
    var subject: String
    var email: String?
    var entitlements: [String]
    var virtualOrganisations: [String]
    var createdAt: Date
    var lastSignInAt: Date?

    init(_ identity: FederatedIdentityModel, providers: IdentityProviders) {
        id = identity.id!
        provider = providers.provider(issuer: identity.issuer)?.name ?? identity.providerKey
        issuer = identity.issuer
        subject = identity.subject
        email = identity.email
        entitlements = identity.entitlements
        virtualOrganisations = Entitlement.virtualOrganisations(of: identity.entitlements)
        createdAt = identity.createdAt
        lastSignInAt = identity.lastSignInAt
    }
}
