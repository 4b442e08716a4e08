import Foundation
import SwitchboardCore

/// How ProductsPage looks: HTML from its model, nothing else.
extension ProductsPage {
    static func render(_ model: Model, context: PageContext) -> String {
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text("Product catalogue")), link("Releases", SiteURL.releases.path, [cls("button secondary")])),
            el("p", [cls("hint")], text("Each product belongs to a product team; its components are the package names that ship it. A fix is recorded against a component.")),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("section", [cls("card")],
               model.products.isEmpty ? el("p", [cls("empty")], text("The catalogue is empty.")) :
               el("div", [cls("table-wrap")], el("table", [cls("table")],
                   el("thead", [], el("tr", [], ["Product", "Team", "Components", ""].map { el("th", [Attr("scope", "col")], text($0)) })),
                   el("tbody", [], model.products.map { product in
                       el("tr", [Attr("id", "product-\(product.id)")],
                          el("td", [], el("strong", [], text(product.name)), product.description.map { el("div", [cls("hint")], text($0)) } ?? group([])),
                          el("td", [], text(product.owner)),
                          el("td", [], text(product.components.joined(separator: ", "))),
                          el("td", [], product.mayAddComponent ? Forms.post(SiteURL.productComponents(.value(product.id)).path, context: context,
                                                                             classes: "inline-form", [
                              Forms.field("Package name", name: "name", required: true), Forms.submit("Add component", kind: "secondary small"),
                          ]) : group([])))
                   })))),
        ]
        if model.mayCreate {
            content.append(el("section", [cls("card")], el("h2", [], text("Add a product")),
                Forms.post(SiteURL.products.path, context: context, [
                    model.errors.isEmpty ? group([]) : Forms.notice("Please correct the marked fields."),
                    Forms.field("Name", name: "name", value: model.values["name"], required: true, errors: model.errors["name"]),
                    Forms.select("Product team", name: "ownerUnit", options: model.teams, selected: model.values["ownerUnit"], errors: model.errors["ownerUnit"]),
                    Forms.field("Components", name: "components", value: model.values["components"], errors: model.errors["components"],
                                hint: "Package names separated by commas, e.g. dcache, dcache-srmclient"),
                    Forms.field("Description", name: "description", value: model.values["description"], errors: model.errors["description"]),
                    Forms.submit("Add product"),
                ])))
        }
        return Layout.render(title: "Products", context: context, active: .releases, group(content))
    }
}
