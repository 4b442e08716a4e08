import Foundation
import SwitchboardCore

/// The endpoints one keeps, each with its recent deliveries, and the form to register one.
enum WebhooksPage: WebPage {
    struct Endpoint {
        var detail: WebhookDetail
        var deliveries: [WebhookDeliveryModel]
    }

    struct Model {
        var endpoints: [Endpoint]
        /// The units the viewer may register endpoints for (administrators: all, and "every unit").
        var units: [Forms.Option]
        var mayRegisterForEveryUnit: Bool
        var notice: String?
        var error: String?
        var fieldErrors: [String: [String]] = [:]
        var typed: [String: String] = [:]
    }
}
