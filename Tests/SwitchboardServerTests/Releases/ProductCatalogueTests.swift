import Foundation
import SwitchboardCore
import Testing
import Vapor
import VaporTesting
@testable import SwitchboardServer

/// The product catalogue through the API: administrators add products, the owning team and
/// administrators add components, and products and components are found by name or id.
@Suite struct ProductCatalogueTests {
    struct ProductJSON: Codable {
        struct Component: Codable { var id: UUID; var name: String }
        struct Owner: Codable { var name: String }
        var id: UUID
        var name: String
        var ownerUnit: Owner
        var components: [Component]
    }

    @Test func administratorsAddProductsAndTheOwningTeamAddsComponents() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let input = NewProductInput(name: "dCache", ownerUnit: "dCache", components: ["dcache"])
            #expect(try await desk.request(.POST, "/api/v1/products", as: cast.developer, json: input).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/products", as: cast.admin,
                                           json: NewProductInput(name: "dCache", ownerUnit: "DMSU")).status == .unprocessableEntity,
                    "only a product team owns a product")
            #expect(try await desk.request(.POST, "/api/v1/products", as: cast.admin,
                                           json: NewProductInput(name: "dCache", ownerUnit: "dCache", components: ["-bad name"])).status == .unprocessableEntity)
            let created = try await desk.request(.POST, "/api/v1/products", as: cast.admin, json: input)
            #expect(created.status == .created)
            let product = try created.content.decode(ProductJSON.self)
            #expect(product.ownerUnit.name == "dCache" && product.components.map(\.name) == ["dcache"])
            #expect(try await desk.request(.POST, "/api/v1/products", as: cast.admin, json: input).status == .unprocessableEntity, "names are unique")

            // The team adds a component; another team may not; a package name belongs to one product.
            #expect(try await desk.request(.POST, "/api/v1/products/dCache/components", as: cast.developer,
                                           json: ["name": "dcache-srmclient"]).status == .created)
            #expect(try await desk.request(.POST, "/api/v1/products/dCache/components", as: cast.expert,
                                           json: ["name": "dcache-xrootd"]).status == .forbidden)
            #expect(try await desk.request(.POST, "/api/v1/products/\(product.id)/components", as: cast.admin,
                                           json: ["name": "dcache"]).status == .unprocessableEntity)
            let byID = try await desk.request(.GET, "/api/v1/products/\(product.id)", as: cast.alice).content.decode(ProductJSON.self)
            #expect(byID.components.map(\.name) == ["dcache", "dcache-srmclient"])
            #expect(try await desk.request(.GET, "/api/v1/products/NoSuchProduct", as: cast.alice).status == .notFound)
            // A component is named by its id as well as its package name.
            let componentID = try #require(byID.components.first { $0.name == "dcache" }?.id)
            let release = try await desk.request(.POST, "/api/v1/releases", as: cast.developer,
                                                 json: ["component": componentID.uuidString, "version": "9.2.15"])
            #expect(release.status == .created, "\(release.body.string)")
            #expect(try await desk.request(.GET, "/api/v1/releases?component=dcache", as: cast.alice).body.string.contains("9.2.15"))
        }
    }
}
