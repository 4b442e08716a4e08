import Foundation
import SwitchboardCore

/// The product catalogue: products, their owning teams and their components.
enum ProductsPage: WebPage {
    struct Product {
        var id: UUID
        var name: String
        var owner: String
        var description: String?
        var components: [String]
        /// The viewer may add components (administrators and the owning team).
        var mayAddComponent: Bool
    }

    struct Model {
        var products: [Product]
        var mayCreate: Bool
        var teams: [Forms.Option]
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        var notice: String?
        var error: String?
    }
}
