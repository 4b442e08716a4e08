import Fluent
import Foundation
import SwitchboardCore

/// An endpoint of another helpdesk (or any system) that receives the events it asked for.
public final class WebhookModel: Model, @unchecked Sendable {
    public static let schema = "webhooks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "url") public var url: String
    /// The key of the deliveries' signatures; never shown again after it was set.
    @Field(key: "secret") public var secret: String
    /// Nil: every unit (registered by an administrator).
    @OptionalField(key: "unit_id") public var unitID: UUID?
    /// Event kinds, comma-separated; empty: every kind.
    @Field(key: "kinds") public var kinds: String
    @Field(key: "include_internal") public var includeInternal: Bool
    @Field(key: "active") public var active: Bool
    /// Why it was switched off: by a person, or because the endpoint answered 410 Gone.
    @OptionalField(key: "deactivated_reason") public var deactivatedReason: String?
    @Field(key: "registered_by") public var registeredBy: UUID
    @Field(key: "registered_by_name") public var registeredByName: String
    @Field(key: "created_at") public var createdAt: Date

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $url, $secret, $unitID, $kinds, $includeInternal, $active, $deactivatedReason, $registeredBy,
         $registeredByName, $createdAt]
    }

    public init() {}

    public var subscription: WebhookSubscription {
        WebhookSubscription(kinds: Set(kinds.split(separator: ",").compactMap { TicketEventKind(rawValue: String($0)) }), unitID: unitID,
                            includeInternal: includeInternal)
    }
}

/// Where a delivery stands.
public enum WebhookDeliveryState: String, Codable, CaseIterable, Sendable {
    case pending
    case delivered
    /// Given up after the last attempt, or the endpoint is gone (410).
    case failed
}

/// One event on its way to one endpoint: its body as it is sent, and every attempt's outcome.
public final class WebhookDeliveryModel: Model, @unchecked Sendable {
    public static let schema = "webhook_deliveries"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "webhook_id") public var webhook: WebhookModel
    @OptionalField(key: "event_id") public var eventID: Int?
    @Field(key: "event_kind") public var eventKind: String
    @OptionalField(key: "ticket_id") public var ticketID: Int?
    /// The JSON body, exactly as it is sent and signed.
    @Field(key: "payload") public var payload: String
    @Field(key: "state") public var state: WebhookDeliveryState
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Date?
    /// While a worker sends it, others leave it alone.
    @OptionalField(key: "lease_until") public var leaseUntil: Date?
    @OptionalField(key: "last_status_code") public var lastStatusCode: Int?
    @OptionalField(key: "last_duration_ms") public var lastDurationMilliseconds: Int?
    @OptionalField(key: "last_error") public var lastError: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $webhook, $eventID, $eventKind, $ticketID, $payload, $state, $attempts, $nextAttemptAt, $leaseUntil,
         $lastStatusCode, $lastDurationMilliseconds, $lastError, $createdAt, $deliveredAt]
    }

    public init() {}
}
