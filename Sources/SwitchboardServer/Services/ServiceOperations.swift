import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// What an administrator submits for a service: its provider unit (name or id), the rule that
/// combines its endpoints, the OLA targets and the endpoints. On an update the endpoints listed
/// are the service's endpoints afterwards.
public struct ServiceInput: Codable, Sendable {
    public struct Endpoint: Codable, Sendable {
        public var hostname: String?
        public var serviceType: String?
        /// For the `any-per-group` rule; defaults to the service type.
        public var group: String?

        public init(hostname: String?, serviceType: String?, group: String? = nil) {
            self.hostname = hostname
            self.serviceType = serviceType
            self.group = group
        }
    }

    public var name: String?
    public var description: String?
    public var providerUnit: String?
    public var rule: String?
    public var availabilityTarget: Double?
    public var reliabilityTarget: Double?
    /// Priority (`less-urgent`, …) to a working duration (`4h`, `1wd`).
    public var responseTargets: [String: String]?
    public var endpoints: [Endpoint]?

    public init(name: String? = nil, description: String? = nil, providerUnit: String? = nil, rule: String? = nil,
                availabilityTarget: Double? = nil, reliabilityTarget: Double? = nil, responseTargets: [String: String]? = nil,
                endpoints: [Endpoint]? = nil) {
        self.name = name
        self.description = description
        self.providerUnit = providerUnit
        self.rule = rule
        self.availabilityTarget = availabilityTarget
        self.reliabilityTarget = reliabilityTarget
        self.responseTargets = responseTargets
        self.endpoints = endpoints
    }
}

/// The service catalogue: services, their endpoints and OLA targets. Administrators keep it;
/// supporters and administrators read it.
public struct ServiceOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var services: ServiceOperations { ServiceOperations(helpdesk: self) }
}

extension ServiceOperations {
    /// Reading services, monitoring and reports is for supporters and administrators.
    static func checkMayRead(_ principal: Principal) throws {
        guard principal.isAdmin || principal.isSupporter || principal.isSystem else {
            throw HelpdeskError.forbidden("Services and their availability are for supporters and administrators.")
        }
    }

    /// Who operates a service: administrators, the system, and the members of its provider unit
    /// (they send its results, enter its downtimes, write and publish its OLA reports).
    static func mayOperate(_ principal: Principal, providerUnit: UUID) -> Bool {
        principal.isAdmin || principal.isSystem || principal.isMember(of: providerUnit)
    }

    /// Every service with its endpoints, targets and provider, by name.
    public func all(for principal: Principal) async throws -> [ServiceModel] {
        try Self.checkMayRead(principal)
        return try await ServiceModel.query(on: helpdesk.database).with(\.$endpoints).with(\.$responseTargets).with(\.$providerUnit).all()
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// A service by id or name, or `notFound`.
    public func find(_ reference: String, for principal: Principal) async throws -> ServiceModel {
        try Self.checkMayRead(principal)
        guard let service = try await Self.service(reference, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no service '\(reference)'.")
        }
        return service
    }

    static func service(_ reference: String, on database: any Database) async throws -> ServiceModel? {
        let query = ServiceModel.query(on: database).with(\.$endpoints).with(\.$responseTargets).with(\.$providerUnit)
        if let id = UUID(uuidString: reference) { return try await query.filter(\.$id == id).first() }
        return try await query.filter(\.$name == reference).first()
    }

    public func create(_ input: ServiceInput, by acting: Acting) async throws -> ServiceModel {
        try await save(input, replacing: nil, by: acting)
    }

    public func update(_ reference: String, with input: ServiceInput, by acting: Acting) async throws -> ServiceModel {
        try await save(input, replacing: reference, by: acting)
    }

    private func save(_ input: ServiceInput, replacing reference: String?, by acting: Acting) async throws -> ServiceModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may keep the services.") }
        let checked = try Self.check(input)
        let id = try await helpdesk.change(by: acting) { context in
            let database = context.database
            var errors = FieldErrors()
            var service = ServiceModel()
            if let reference {
                guard let existing = try await Self.service(reference, on: database) else {
                    throw HelpdeskError.notFound("There is no service '\(reference)'.")
                }
                service = existing
            }
            let provider = try await UnitOperations.unit(input.providerUnit ?? "", on: database)
            if provider == nil { errors.add("providerUnit", "There is no support unit '\(input.providerUnit ?? "")'.") }
            if let other = try await ServiceModel.query(on: database).filter(\.$name == checked.name).first(), other.id != service.id {
                errors.add("name", "A service named '\(checked.name)' exists already.")
            }
            let serviceID = service.id
            for (index, endpoint) in checked.endpoints.enumerated() {
                if let taken = try await ServiceEndpointModel.query(on: database).filter(\.$hostname == endpoint.hostname)
                    .filter(\.$serviceType == endpoint.serviceType).with(\.$service).first(), taken.$service.id != serviceID {
                    errors.add("endpoints[\(index)]", "\(taken.reference) belongs to the service \(taken.service.name) already.")
                }
            }
            try HelpdeskError.check(errors)
            service.name = checked.name
            service.serviceDescription = checked.description
            service.$providerUnit.id = try provider!.requireID()
            service.rule = checked.rule
            service.availabilityTarget = checked.availabilityTarget
            service.reliabilityTarget = checked.reliabilityTarget
            if service.id == nil {
                service.id = UUID()
                service.createdAt = context.now
                try await service.create(on: database)
            } else {
                try await service.update(on: database)
            }
            let id = try service.requireID()
            try await ServiceResponseTargetModel.query(on: database).filter(\.$service.$id == id).delete()
            for (priority, target) in checked.responseTargets {
                let row = ServiceResponseTargetModel()
                row.id = UUID()
                row.$service.id = id
                row.priority = priority
                row.target = target.description
                try await row.create(on: database)
            }
            try await Self.replaceEndpoints(of: id, with: checked.endpoints, on: database)
            return id
        }
        return try await find(id.uuidString, for: .system)
    }

    private static func replaceEndpoints(of serviceID: UUID, with endpoints: [CheckedService.Endpoint], on database: any Database) async throws {
        let existing = try await ServiceEndpointModel.query(on: database).filter(\.$service.$id == serviceID).all()
        var errors = FieldErrors()
        for endpoint in existing where !endpoints.contains(where: { $0.hostname == endpoint.hostname && $0.serviceType == endpoint.serviceType }) {
            let endpointID = try endpoint.requireID()
            let sql = database as! any SQLDatabase
            let results = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from(MonitoringSchema.days)
                .where("endpoint_id", .equal, SQLBind(endpointID)).first()?.decode(column: "count", as: Int.self) ?? 0
            let downtimes = try await DowntimeEndpointModel.query(on: database).filter(\.$endpoint.$id == endpointID).count()
            if results + downtimes > 0 {
                errors.add("endpoints", "\(endpoint.reference) has monitoring results or downtimes; it stays with the service.")
            } else {
                try await endpoint.delete(on: database)
            }
        }
        try HelpdeskError.check(errors)
        for endpoint in endpoints {
            if let row = existing.first(where: { $0.hostname == endpoint.hostname && $0.serviceType == endpoint.serviceType }) {
                if row.groupName != endpoint.group {
                    row.groupName = endpoint.group
                    try await row.update(on: database)
                }
                continue
            }
            let row = ServiceEndpointModel()
            row.$service.id = serviceID
            row.hostname = endpoint.hostname
            row.serviceType = endpoint.serviceType
            row.groupName = endpoint.group
            try await row.create(on: database)
        }
    }

    struct CheckedService {
        struct Endpoint {
            var hostname: String
            var serviceType: String
            var group: String
        }

        var name: String
        var description: String
        var rule: ServiceRule
        var availabilityTarget: Double
        var reliabilityTarget: Double
        var responseTargets: [TicketPriority: ServiceLevel.Target]
        var endpoints: [Endpoint]
    }

    /// Everything that can be checked without the database; every problem at once.
    static func check(_ input: ServiceInput) throws -> CheckedService {
        var errors = FieldErrors()
        let name = TicketRules.validateText(input.name, field: "name", required: true, maxLength: 120, into: &errors)
        let description = TicketRules.validateText(input.description, field: "description", required: false, maxLength: 4000, into: &errors)
        if (input.providerUnit ?? "").isEmpty { errors.add("providerUnit", "The provider unit is required.") }
        let rule = ServiceRule(rawValue: input.rule ?? ServiceRule.all.rawValue)
        if rule == nil { errors.add("rule", "The rule is one of: \(ServiceRule.allCases.map(\.rawValue).joined(separator: ", ")).") }
        for (field, value) in [("availabilityTarget", input.availabilityTarget), ("reliabilityTarget", input.reliabilityTarget)] {
            if let value, !(value.isFinite && (0...100).contains(value)) { errors.add(field, "A target is a percentage from 0 to 100.") }
        }
        var targets: [TicketPriority: ServiceLevel.Target] = [:]
        for (key, text) in input.responseTargets ?? [:] {
            guard let priority = TicketPriority(rawValue: key) else {
                errors.add("responseTargets", "'\(key)' is not a priority (\(TicketPriority.allCases.map(\.rawValue).joined(separator: ", "))).")
                continue
            }
            guard let target = ServiceLevel.Target(text) else {
                errors.add("responseTargets", "'\(text)' for \(key) is not a working duration such as 4h, 1wd or 1wd 4h.")
                continue
            }
            targets[priority] = target
        }
        var endpoints: [CheckedService.Endpoint] = []
        for (index, endpoint) in (input.endpoints ?? []).enumerated() {
            let hostname = (endpoint.hostname ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let serviceType = (endpoint.serviceType ?? "").trimmingCharacters(in: .whitespaces)
            let group = (endpoint.group ?? "").trimmingCharacters(in: .whitespaces)
            guard isHostname(hostname) else {
                errors.add("endpoints[\(index)]", "'\(endpoint.hostname ?? "")' is not a host name (letters, digits, dots and dashes).")
                continue
            }
            guard isName(serviceType) else {
                errors.add("endpoints[\(index)]", "The service type is a GOCDB name such as egi.Portal (letters, digits and ._-).")
                continue
            }
            guard group.isEmpty || isName(group) else {
                errors.add("endpoints[\(index)]", "The group is a name of letters, digits and ._-.")
                continue
            }
            if endpoints.contains(where: { $0.hostname == hostname && $0.serviceType == serviceType }) {
                errors.add("endpoints[\(index)]", "\(hostname)/\(serviceType) is listed twice.")
                continue
            }
            endpoints.append(.init(hostname: hostname, serviceType: serviceType, group: group.isEmpty ? serviceType : group))
        }
        try HelpdeskError.check(errors)
        return CheckedService(name: name!, description: description ?? "", rule: rule!, availabilityTarget: input.availabilityTarget ?? 99,
                              reliabilityTarget: input.reliabilityTarget ?? 99, responseTargets: targets, endpoints: endpoints)
    }

    static func isHostname(_ text: String) -> Bool {
        guard (1...253).contains(text.count), !text.hasPrefix("."), !text.hasSuffix("."), !text.contains("..") else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-") }
    }

    static func isName(_ text: String) -> Bool {
        guard (1...100).contains(text.count) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// Endpoints by `hostname/serviceType` (host name compared in lower case).
    static func endpointsByReference(on database: any Database) async throws -> [String: ServiceEndpointModel] {
        var map: [String: ServiceEndpointModel] = [:]
        for endpoint in try await ServiceEndpointModel.query(on: database).with(\.$service).all() { map[endpoint.reference] = endpoint }
        return map
    }

    static func normalisedReference(_ text: String) -> String? {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        return text[..<slash].trimmingCharacters(in: .whitespaces).lowercased() + "/" + text[text.index(after: slash)...].trimmingCharacters(in: .whitespaces)
    }
}
