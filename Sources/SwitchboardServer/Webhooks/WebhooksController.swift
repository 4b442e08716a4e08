import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/webhooks` and `/api/v1/webhooks/{id}/deliveries` (administrators, unit admins).
struct WebhooksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("webhooks", use: list)
        routes.post("webhooks", use: register)
        routes.get("webhooks", ":webhookID", use: show)
        routes.patch("webhooks", ":webhookID", use: update)
        routes.delete("webhooks", ":webhookID", use: remove)
        routes.get("webhooks", ":webhookID", "deliveries", use: deliveries)
        routes.post("webhooks", ":webhookID", "deliveries", ":deliveryID", "redelivery", use: redeliver)
    }

    private func id(_ request: Request, _ name: String = "webhookID") throws -> UUID {
        guard let id = request.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no \(name == "webhookID" ? "webhook" : "delivery") '\(request.parameters.get(name) ?? "")'.")
        }
        return id
    }

    func list(_ request: Request) async throws -> [WebhookResponse] {
        try await request.helpdesk.webhooks.list(for: try request.signedIn.principal).map(WebhookResponse.init)
    }

    func register(_ request: Request) async throws -> Response {
        let detail = try await request.helpdesk.webhooks.register(try request.content.decode(WebhookInput.self), by: try request.signedIn.acting)
        return try await WebhookResponse(detail).encodeResponse(status: .created, for: request)
    }

    func show(_ request: Request) async throws -> WebhookResponse {
        WebhookResponse(try await request.helpdesk.webhooks.find(try id(request), for: try request.signedIn.principal))
    }

    func update(_ request: Request) async throws -> WebhookResponse {
        WebhookResponse(try await request.helpdesk.webhooks.update(try id(request), try request.content.decode(WebhookInput.self), by: try request.signedIn.acting))
    }

    func remove(_ request: Request) async throws -> HTTPStatus {
        try await request.helpdesk.webhooks.remove(try id(request), by: try request.signedIn.acting)
        return .noContent
    }

    struct LimitQuery: Decodable { var limit: Int? }

    func deliveries(_ request: Request) async throws -> [WebhookDeliveryResponse] {
        let limit = try request.query.decode(LimitQuery.self).limit ?? 50
        guard (1...WebhookOperations.deliveryLogMaxRows).contains(limit) else {
            throw HelpdeskError.invalid("limit", "The limit is from 1 to \(WebhookOperations.deliveryLogMaxRows).")
        }
        return try await request.helpdesk.webhooks.deliveries(of: try id(request), limit: limit, for: try request.signedIn.principal)
            .map(WebhookDeliveryResponse.init)
    }

    func redeliver(_ request: Request) async throws -> Response {
        let copy = try await request.helpdesk.webhooks.redeliver(try id(request, "deliveryID"), of: try id(request), by: try request.signedIn.acting)
        return try await WebhookDeliveryResponse(copy).encodeResponse(status: .created, for: request)
    }
}

struct WebhookResponse: Content {
    var id: UUID
    var url: String
    /// Only in the answer to a registration without a secret of one's own: it is not shown again.
    var secret: String?
    var unit: String?
    var events: [String]
    var includeInternal: Bool
    var active: Bool
    var deactivatedReason: String?
    var registeredBy: String
    var createdAt: Date

    init(_ detail: WebhookDetail) {
        let hook = detail.webhook
        id = hook.id!
        url = hook.url
        secret = detail.newSecret
        unit = detail.unitName
        events = hook.kinds.split(separator: ",").map(String.init)
        includeInternal = hook.includeInternal
        active = hook.active
        deactivatedReason = hook.deactivatedReason
        registeredBy = hook.registeredByName
        createdAt = hook.createdAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(url, forKey: .url)
        try container.encodeIfPresent(secret, forKey: .secret)
        try container.encode(unit, forKey: .unit)
        try container.encode(events, forKey: .events)
        try container.encode(includeInternal, forKey: .includeInternal)
        try container.encode(active, forKey: .active)
        try container.encode(deactivatedReason, forKey: .deactivatedReason)
        try container.encode(registeredBy, forKey: .registeredBy)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

struct WebhookDeliveryResponse: Content {
    var id: UUID
    var event: Int?
    var eventKind: String
    var ticket: Int?
    var state: WebhookDeliveryState
    var attempts: Int
    var nextAttemptAt: Date?
    var lastStatusCode: Int?
    var lastDurationMs: Int?
    var lastError: String?
    var createdAt: Date
    var deliveredAt: Date?

    init(_ delivery: WebhookDeliveryModel) {
        id = delivery.id!
        event = delivery.eventID
        eventKind = delivery.eventKind
        ticket = delivery.ticketID
        state = delivery.state
        attempts = delivery.attempts
        nextAttemptAt = delivery.nextAttemptAt
        lastStatusCode = delivery.lastStatusCode
        lastDurationMs = delivery.lastDurationMilliseconds
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(event, forKey: .event)
        try container.encode(eventKind, forKey: .eventKind)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastStatusCode, forKey: .lastStatusCode)
        try container.encode(lastDurationMs, forKey: .lastDurationMs)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
    }
}
