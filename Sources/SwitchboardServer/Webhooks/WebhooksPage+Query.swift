import Foundation
import SwitchboardCore

extension WebhooksPage {
    static let deliveriesShown = 20

    static func query(_ helpdesk: Helpdesk, actor: Principal) async throws -> Model {
        var endpoints: [Endpoint] = []
        for detail in try await helpdesk.webhooks.list(for: actor) {
            endpoints.append(Endpoint(detail: detail, deliveries: try await helpdesk.webhooks.deliveries(of: detail.webhook.id!, limit: deliveriesShown, for: actor)))
        }
        let units = try await helpdesk.units.unitChoices().flatMap(\.units)
            .filter { actor.isAdmin || actor.isUnitAdmin(of: $0.id) }
            .map { Forms.Option(value: $0.id.uuidString, label: $0.name) }
        return Model(endpoints: endpoints, units: units, mayRegisterForEveryUnit: actor.isAdmin)
    }
}
