import Fluent
import Foundation
import SwitchboardCore

/// What an administrator submits for a product; `ownerUnit` by name or id.
public struct NewProductInput: Codable, Sendable {
    public var name: String?
    public var ownerUnit: String?
    public var description: String?
    public var components: [String]?

    public init(name: String? = nil, ownerUnit: String? = nil, description: String? = nil, components: [String]? = nil) {
        self.name = name
        self.ownerUnit = ownerUnit
        self.description = description
        self.components = components
    }
}

/// The product catalogue: products owned by third-line units, and the package names
/// (components) that ship them. Administrators add products; the owning unit and
/// administrators add components.
public struct ProductOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var products: ProductOperations { ProductOperations(helpdesk: self) }
}

extension ProductOperations {
    /// Every product with its components, by name.
    public func all() async throws -> [ProductModel] {
        try await ProductModel.query(on: helpdesk.database).with(\.$components).with(\.$ownerUnit).all()
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// A product by id or name, with its components and owner, or `notFound`.
    public func find(_ reference: String) async throws -> ProductModel {
        guard let product = try await Self.product(reference, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no product '\(reference)'.")
        }
        try await product.$components.load(on: helpdesk.database)
        try await product.$ownerUnit.load(on: helpdesk.database)
        return product
    }

    static func product(_ reference: String, on database: any Database) async throws -> ProductModel? {
        if let id = UUID(uuidString: reference) { return try await ProductModel.find(id, on: database) }
        return try await ProductModel.query(on: database).filter(\.$name == reference).first()
    }

    /// A component by id or package name, with its product.
    static func component(_ reference: String, on database: any Database) async throws -> ComponentModel? {
        let query = ComponentModel.query(on: database).with(\.$product)
        if let id = UUID(uuidString: reference) { return try await query.filter(\.$id == id).first() }
        return try await query.filter(\.$name == reference).first()
    }

    /// Every component name, for the filing form's suggestions.
    public func componentNames() async throws -> [String] {
        try await ComponentModel.query(on: helpdesk.database).all().map(\.name).sorted()
    }

    public func create(_ input: NewProductInput, by acting: Acting) async throws -> ProductModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may add products.") }
        var errors = FieldErrors()
        let name = TicketRules.validateText(input.name, field: "name", required: true, maxLength: 120, into: &errors)
        let description = TicketRules.validateText(input.description, field: "description", required: false, maxLength: 2000, into: &errors)
        let componentNames = (input.components ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        for component in componentNames where !Self.isPackageName(component) {
            errors.add("components", "'\(component)' is not a package name (letters, digits and ._+-, starting with a letter or digit).")
        }
        if (input.ownerUnit ?? "").isEmpty { errors.add("ownerUnit", "The owning unit is required.") }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            var errors = FieldErrors()
            let owner = try await UnitOperations.unit(input.ownerUnit ?? "", on: database)
            if owner == nil { errors.add("ownerUnit", "There is no support unit '\(input.ownerUnit ?? "")'.") }
            if let owner, owner.tier != .thirdLine { errors.add("ownerUnit", "\(owner.name) is not a product team (third line).") }
            if try await ProductModel.query(on: database).filter(\.$name == name!).first() != nil {
                errors.add("name", "A product named '\(name!)' exists already.")
            }
            try HelpdeskError.check(errors)
            let product = ProductModel()
            product.id = UUID()
            product.name = name!
            product.$ownerUnit.id = try owner!.requireID()
            product.productDescription = description
            product.createdAt = context.now
            try await product.create(on: database)
            for component in Set(componentNames) {
                try await Self.addComponent(component, to: product, in: context)
            }
            try await product.$components.load(on: database)
            try await product.$ownerUnit.load(on: database)
            return product
        }
    }

    /// Adds a package name to a product (administrators and the owning unit's members).
    public func addComponent(_ name: String?, toProduct reference: String, by acting: Acting) async throws -> ComponentModel {
        let name = (name ?? "").trimmingCharacters(in: .whitespaces)
        guard Self.isPackageName(name) else {
            throw HelpdeskError.invalid("name", "'\(name)' is not a package name (letters, digits and ._+-, starting with a letter or digit).")
        }
        return try await helpdesk.change(by: acting) { context in
            guard let product = try await Self.product(reference, on: context.database) else {
                throw HelpdeskError.notFound("There is no product '\(reference)'.")
            }
            let principal = context.acting.principal
            guard principal.isAdmin || principal.memberships.contains(where: { $0.unitID == product.$ownerUnit.id }) else {
                throw HelpdeskError.forbidden("Only administrators and \(product.name)'s own unit may add its components.")
            }
            return try await Self.addComponent(name, to: product, in: context)
        }
    }

    @discardableResult
    static func addComponent(_ name: String, to product: ProductModel, in context: ChangeContext) async throws -> ComponentModel {
        if let existing = try await ComponentModel.query(on: context.database).filter(\.$name == name).with(\.$product).first() {
            throw HelpdeskError.invalid("name", "The component \(name) belongs to \(existing.product.name) already.")
        }
        let component = ComponentModel()
        component.id = UUID()
        component.$product.id = try product.requireID()
        component.name = name
        component.createdAt = context.now
        try await component.create(on: context.database)
        return component
    }

    /// An RPM package name: letters, digits and `._+-`, starting with a letter or a digit.
    static func isPackageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 100, first.isASCII,
              CharacterSet.alphanumerics.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._+-".unicodeScalars.contains($0)) }
    }
}
