import Fluent
import Foundation
import SwitchboardCore

/// What an administrator submits for a service level: a name, a description and a target per
/// priority as a working duration ("5wd", "4h", "1wd 4h"); a missing or empty target is best effort.
public struct ServiceLevelInput: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var targets: [String: String?]?

    public init(name: String? = nil, description: String? = nil, targets: [String: String?]? = nil) {
        self.name = name
        self.description = description
        self.targets = targets
    }
}

/// The service levels (DESIGN.md §4) that units refer to, and the report of their violations.
public struct ServiceLevelOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var serviceLevels: ServiceLevelOperations { ServiceLevelOperations(helpdesk: self) }
}

extension ServiceLevelOperations {
    /// Every level, by name.
    public func all() async throws -> [ServiceLevelModel] {
        try await ServiceLevelModel.query(on: helpdesk.database).sort(\.$name).all()
    }

    /// One level by name, or `notFound`.
    public func find(named name: String) async throws -> ServiceLevelModel {
        guard let level = try await ServiceLevelModel.query(on: helpdesk.database).filter(\.$name == name).first() else {
            throw HelpdeskError.notFound("There is no such service level.")
        }
        return level
    }

    /// Adds a level (administrators).
    public func createServiceLevel(_ input: ServiceLevelInput, by acting: Acting) async throws -> ServiceLevelModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may add service levels.") }
        let level = try Self.validate(input, name: input.name)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            if try await ServiceLevelModel.query(on: database).filter(\.$name == level.name).first() != nil {
                throw HelpdeskError.invalid("name", "A service level named '\(level.name)' exists already.")
            }
            let model = ServiceLevelModel(level)
            try await model.create(on: database)
            return model
        }
    }

    /// Replaces a level's description and targets (administrators). Tickets whose clocks are
    /// running keep the targets they started with; the new ones apply from the next assignment.
    public func updateServiceLevel(named name: String, _ input: ServiceLevelInput, by acting: Acting) async throws -> ServiceLevelModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may edit service levels.") }
        if let given = input.name, !given.isEmpty, given != name {
            throw HelpdeskError.invalid("name", "A level keeps its name (units refer to it); create a new level instead.")
        }
        let level = try Self.validate(input, name: name)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let model = try await ServiceLevelModel.query(on: database).filter(\.$name == name).first() else {
                throw HelpdeskError.notFound("There is no service level '\(name)'.")
            }
            model.set(level)
            try await model.save(on: database)
            return model
        }
    }

    private static func validate(_ input: ServiceLevelInput, name: String?) throws -> ServiceLevel {
        var errors = FieldErrors()
        let name = name?.trimmingCharacters(in: .whitespaces) ?? ""
        if !ServiceLevel.isValidName(name) {
            errors.add("name", "A level name is 1 to 60 lower-case letters, digits and dashes, like level-2.")
        }
        let description = TicketRules.validateText(input.description, field: "description", required: false, maxLength: 200, into: &errors) ?? ""
        var targets: [TicketPriority: ServiceLevel.Target] = [:]
        for (key, value) in input.targets ?? [:] {
            guard let priority = TicketPriority(rawValue: key) else {
                errors.add("targets", "'\(key)' is not a priority; use \(TicketPriority.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            guard let target = ServiceLevel.Target(text) else {
                errors.add("targets.\(key)", "'\(text)' is not a working duration; write for example 5wd, 4h or 1wd 4h (wd = working days).")
                continue
            }
            targets[priority] = target
        }
        try HelpdeskError.check(errors)
        return ServiceLevel(name: name, description: description, targets: targets)
    }
}
