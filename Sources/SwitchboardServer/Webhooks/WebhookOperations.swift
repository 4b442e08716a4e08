import Crypto
import Fluent
import Foundation
import SwitchboardCore

/// What an administrator or unit admin submits for an endpoint; absent keys keep their value on
/// an update.
public struct WebhookInput: Codable, Sendable {
    public var url: String?
    /// Chosen by the registrant, or made by Switchboard and shown once.
    public var secret: String?
    /// A unit's id or name; absent on registration: every unit (administrators only).
    public var unit: String?
    /// Event kinds (`comment-public`, `status-changed`, …); empty or absent: every kind.
    public var events: [String]?
    public var includeInternal: Bool?
    public var active: Bool?

    public init(url: String? = nil, secret: String? = nil, unit: String? = nil, events: [String]? = nil, includeInternal: Bool? = nil, active: Bool? = nil) {
        self.url = url
        self.secret = secret
        self.unit = unit
        self.events = events
        self.includeInternal = includeInternal
        self.active = active
    }
}

/// An endpoint as its keepers see it, with its unit's name; the secret only right after it was made.
public struct WebhookDetail: Sendable {
    public var webhook: WebhookModel
    public var unitName: String?
    /// Only in the answer to a registration whose secret Switchboard made.
    public var newSecret: String?
}

/// Webhook endpoints (issue 18): registered by administrators (any unit, or all) and by unit
/// admins (their unit), delivered by `WebhookSender`, with a log per endpoint and redelivery.
public struct WebhookOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var webhooks: WebhookOperations { WebhookOperations(helpdesk: self) }
}

extension WebhookOperations {
    static func mayKeep(_ hook: WebhookModel, _ principal: Principal) -> Bool {
        principal.isAdmin || hook.unitID.map { principal.isUnitAdmin(of: $0) } ?? false
    }

    /// The endpoints the person keeps: all for administrators, their units' for unit admins.
    public func list(for principal: Principal) async throws -> [WebhookDetail] {
        guard principal.isAdmin || principal.memberships.contains(where: { $0.role == .unitAdmin }) else {
            throw HelpdeskError.forbidden("Webhooks are kept by administrators and unit admins.")
        }
        let hooks = try await WebhookModel.query(on: helpdesk.database).sort(\.$createdAt).all().filter { Self.mayKeep($0, principal) }
        return try await details(hooks)
    }

    public func find(_ id: UUID, for principal: Principal) async throws -> WebhookDetail {
        try await details([try await Self.find(id, for: principal, on: helpdesk.database)])[0]
    }

    static func find(_ id: UUID, for principal: Principal, on database: any Database) async throws -> WebhookModel {
        guard let hook = try await WebhookModel.find(id, on: database), mayKeep(hook, principal) else {
            throw HelpdeskError.notFound("There is no webhook \(id).")
        }
        return hook
    }

    private func details(_ hooks: [WebhookModel]) async throws -> [WebhookDetail] {
        try await Self.details(hooks, on: helpdesk.database)
    }

    static func details(_ hooks: [WebhookModel], on database: any Database) async throws -> [WebhookDetail] {
        let unitIDs = Array(Set(hooks.compactMap(\.unitID)))
        let names = unitIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await SupportUnitModel.query(on: database)
            .filter(\.$id ~~ unitIDs).all().map { ($0.id!, $0.name) })
        return hooks.map { WebhookDetail(webhook: $0, unitName: $0.unitID.flatMap { names[$0] }) }
    }

    public func register(_ input: WebhookInput, by acting: Acting) async throws -> WebhookDetail {
        var errors = FieldErrors()
        let url = WebhookRules.validateURL(input.url, into: &errors)
        let chosen = WebhookRules.validateSecret(input.secret, into: &errors)
        let kinds = WebhookRules.kinds(input.events, into: &errors)
        try HelpdeskError.check(errors)
        let made = chosen == nil ? Self.newSecret() : nil
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            var unit: SupportUnitModel?
            if let reference = input.unit, !reference.isEmpty {
                guard let found = try await UnitOperations.unit(reference, on: database) else {
                    throw HelpdeskError.invalid("unit", "There is no support unit '\(reference)'.")
                }
                unit = found
            }
            let includeInternal = input.includeInternal ?? false
            if let refusal = WebhookRules.refusal(registering: unit?.id, by: context.acting.principal) {
                throw HelpdeskError.forbidden(refusal)
            }
            let count = try await WebhookModel.query(on: database).filter(\.$unitID == unit?.id).count()
            guard count < WebhookRules.maxEndpointsPerUnit else {
                throw HelpdeskError.conflict("\(unit?.name ?? "Every unit") has \(WebhookRules.maxEndpointsPerUnit) endpoints; remove one first.")
            }
            let hook = WebhookModel()
            hook.id = UUID()
            hook.url = url!
            hook.secret = chosen ?? made!
            hook.unitID = unit?.id
            hook.kinds = kinds.map(\.rawValue).sorted().joined(separator: ",")
            hook.includeInternal = includeInternal
            hook.active = input.active ?? true
            guard let registrant = context.acting.principal.userID else { throw HelpdeskError.forbidden("Only a person registers webhooks.") }
            hook.registeredBy = registrant
            hook.registeredByName = context.acting.name
            hook.createdAt = context.now
            try await hook.create(on: database)
            return WebhookDetail(webhook: hook, unitName: unit?.name, newSecret: made)
        }
    }

    /// Changes what the keys name; the unit stays (register another endpoint for another unit).
    public func update(_ id: UUID, _ input: WebhookInput, by acting: Acting) async throws -> WebhookDetail {
        var errors = FieldErrors()
        let url = input.url.map { _ in WebhookRules.validateURL(input.url, into: &errors) } ?? nil
        let secret = WebhookRules.validateSecret(input.secret, into: &errors)
        let kinds = input.events.map { WebhookRules.kinds($0, into: &errors) }
        if input.unit != nil { errors.add("unit", "An endpoint keeps its unit; register another one for another unit.") }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let hook = try await Self.find(id, for: context.acting.principal, on: context.database)
            if let url { hook.url = url }
            if let secret { hook.secret = secret }
            if let kinds { hook.kinds = kinds.map(\.rawValue).sorted().joined(separator: ",") }
            if let includeInternal = input.includeInternal { hook.includeInternal = includeInternal }
            if let active = input.active {
                hook.active = active
                hook.deactivatedReason = active ? nil : "Switched off by \(context.acting.name) on \(ISO8601.format(context.now))."
            }
            try await hook.save(on: context.database)
            return try await Self.details([hook], on: context.database)[0]
        }
    }

    public func remove(_ id: UUID, by acting: Acting) async throws {
        try await helpdesk.change(by: acting) { context in
            try await Self.find(id, for: context.acting.principal, on: context.database).delete(on: context.database)
        }
    }

    public static let deliveryLogMaxRows = 200

    /// An endpoint's deliveries, newest first.
    public func deliveries(of id: UUID, limit: Int = 50, for principal: Principal) async throws -> [WebhookDeliveryModel] {
        _ = try await Self.find(id, for: principal, on: helpdesk.database)
        return try await WebhookDeliveryModel.query(on: helpdesk.database).filter(\.$webhook.$id == id)
            .sort(\.$createdAt, .descending).sort(\.$eventID, .descending).limit(min(max(limit, 1), Self.deliveryLogMaxRows)).all()
    }

    /// Sends a delivery's body again, as a new delivery (the log keeps both).
    public func redeliver(_ deliveryID: UUID, of id: UUID, by acting: Acting) async throws -> WebhookDeliveryModel {
        try await helpdesk.change(by: acting) { context in
            let hook = try await Self.find(id, for: context.acting.principal, on: context.database)
            guard let original = try await WebhookDeliveryModel.find(deliveryID, on: context.database), original.$webhook.id == id else {
                throw HelpdeskError.notFound("There is no delivery \(deliveryID) of this webhook.")
            }
            guard hook.active else { throw HelpdeskError.conflict("The endpoint is switched off; switch it on first.") }
            let copy = WebhookDeliveryModel()
            copy.id = UUID()
            copy.$webhook.id = id
            copy.eventID = original.eventID
            copy.eventKind = original.eventKind
            copy.ticketID = original.ticketID
            copy.payload = original.payload
            copy.state = .pending
            copy.attempts = 0
            copy.nextAttemptAt = context.now
            copy.createdAt = context.now
            try await copy.create(on: context.database)
            return copy
        }
    }

    static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
    }
}
