import Fluent
import Foundation
import SwitchboardCore

/// What an administrator submits to create a support unit.
public struct NewSupportUnitInput: Codable, Sendable {
    public var name: String?
    public var tier: String?
    /// The parent unit's id or name.
    public var parent: String?
    public var mailingList: String?
    public var serviceLevel: String?
    public var timeZone: String?
    /// "tue,thu"; empty or absent means the installation's default.
    public var sweepDays: String?

    public init(name: String? = nil, tier: String? = nil, parent: String? = nil, mailingList: String? = nil,
                serviceLevel: String? = nil, timeZone: String? = nil, sweepDays: String? = nil) {
        self.sweepDays = sweepDays
        self.name = name
        self.tier = tier
        self.parent = parent
        self.mailingList = mailingList
        self.serviceLevel = serviceLevel
        self.timeZone = timeZone
    }
}

/// Support units and their members: creating and editing units (administrators), adding and
/// removing members (administrators and the unit's own unit admins), and finding units.
public struct UnitOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var units: UnitOperations { UnitOperations(helpdesk: self) }
}

extension UnitOperations {
    /// Finds a unit by id or by name.
    static func unit(_ reference: String, on database: any Database) async throws -> SupportUnitModel? {
        if let id = UUID(uuidString: reference) {
            return try await SupportUnitModel.find(id, on: database)
        }
        return try await SupportUnitModel.query(on: database).filter(\.$name == reference).first()
    }

    /// The unit that receives tickets filed without a target: the configured one, or the
    /// first first-line unit by name.
    static func firstLineUnit(configuredName: String?, on database: any Database) async throws -> SupportUnitModel? {
        if let configuredName {
            return try await SupportUnitModel.query(on: database).filter(\.$name == configuredName).first()
        }
        return try await SupportUnitModel.query(on: database).filter(\.$tier == .firstLine).sort(\.$name).first()
    }

    public func createSupportUnit(_ input: NewSupportUnitInput, by acting: Acting) async throws -> SupportUnitModel {
        guard Permissions.mayAdminister(acting.principal) else {
            throw HelpdeskError.forbidden("Only administrators may create support units.")
        }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let unit = SupportUnitModel()
            unit.createdAt = context.now
            try await Self.apply(input, to: unit, on: database)
            try await unit.create(on: database)
            return unit
        }
    }

    /// Changes a unit's name, tier, parent, mailing list, service level or time zone.
    public func updateSupportUnit(_ id: UUID, _ input: NewSupportUnitInput, by acting: Acting) async throws -> SupportUnitModel {
        guard Permissions.mayAdminister(acting.principal) else {
            throw HelpdeskError.forbidden("Only administrators may edit support units.")
        }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let unit = try await SupportUnitModel.find(id, on: database) else {
                throw HelpdeskError.notFound("Support unit \(id) does not exist.")
            }
            let formerName = unit.name
            try await Self.apply(input, to: unit, on: database)
            try await unit.save(on: database)
            if unit.name != formerName {
                try await ReportProjection.recordRename(of: unit, from: formerName, in: context)
            }
            return unit
        }
    }

    /// Checks every value of a unit and sets them, or throws every message at once.
    private static func apply(_ input: NewSupportUnitInput, to unit: SupportUnitModel, on database: any Database) async throws {
        var errors = FieldErrors()
        let name = TicketRules.validateText(input.name, field: "name", required: true, maxLength: 120, into: &errors)
        let tier = parseEnum(input.tier, as: SupportTier.self, field: "tier", default: nil, into: &errors)
        let mailingList = EmailAddress.normalise(input.mailingList ?? "")
        if !EmailAddress.isPlausible(mailingList) {
            errors.add("mailingList", "A mailing-list address is required, like team@example.org.")
        }
        let level = input.serviceLevel.flatMap { $0.isEmpty ? nil : $0 } ?? ServiceLevelName.bestEffort
        if try await ServiceLevelModel.query(on: database).filter(\.$name == level).first() == nil {
            let known = try await ServiceLevelModel.query(on: database).sort(\.$name).all().map(\.name)
            errors.add("serviceLevel", "'\(level)' is not a service level; the levels are: \(known.joined(separator: ", ")).")
        }
        var sweepDays: String?
        if let text = input.sweepDays?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let days = SweepRules.parseDays(text) {
                sweepDays = SweepRules.formatDays(days)
            } else {
                errors.add("sweepDays", "'\(text)' is not a list of weekdays; write for example tue,thu.")
            }
        }
        let timeZone = input.timeZone.flatMap { $0.isEmpty ? nil : $0 } ?? "UTC"
        if TimeZone(identifier: timeZone) == nil {
            errors.add("timeZone", "'\(timeZone)' is not a known time zone; use an IANA name like Europe/Amsterdam.")
        }
        var parentID: UUID?
        if let parent = input.parent, !parent.isEmpty {
            if let found = try await Self.unit(parent, on: database) {
                parentID = found.id
                if try await isAncestor(unit.id, of: found, on: database) {
                    errors.add("parent", "A unit cannot be part of itself or of one of its own parts.")
                }
            } else {
                errors.add("parent", "There is no support unit '\(parent)'.")
            }
        }
        if let name, let other = try await SupportUnitModel.query(on: database).filter(\.$name == name).first(), other.id != unit.id {
            errors.add("name", "A support unit named '\(name)' exists already.")
        }
        if let name, let holder = try await ReportProjection.formerHolder(ofName: name, on: database), holder.id != unit.id {
            errors.add("name", "'\(name)' was the name of \(holder.name), and its history still names it; choose another name.")
        }
        try HelpdeskError.check(errors)
        unit.name = name!
        unit.tier = tier!
        unit.$parent.id = parentID
        unit.mailingList = mailingList
        unit.serviceLevel = level
        unit.timeZone = timeZone
        unit.sweepDays = sweepDays
    }

    /// Whether `id` is `candidate` or one of its parents (which would make a cycle).
    private static func isAncestor(_ id: UUID?, of candidate: SupportUnitModel, on database: any Database) async throws -> Bool {
        guard let id else { return false }
        var current: SupportUnitModel? = candidate
        var steps = 0
        while let unit = current, steps < 100 {
            if unit.id == id { return true }
            guard let parentID = unit.$parent.id else { return false }
            current = try await SupportUnitModel.find(parentID, on: database)
            steps += 1
        }
        return false
    }

    /// Adds the person with this address (the web form names people by address).
    public func addMember(unitID: UUID, email: String, role: MembershipRole, by acting: Acting) async throws -> MembershipModel {
        guard Permissions.mayManageMembers(of: unitID, acting.principal) else {
            throw HelpdeskError.forbidden("Only administrators and the unit's unit admins may add members.")
        }
        let address = EmailAddress.normalise(email)
        guard let user = try await helpdesk.accounts.find(email: address) else {
            throw HelpdeskError.invalid("email", "There is no account with the address \(address); an administrator creates it first.")
        }
        return try await addMember(unitID: unitID, userID: try user.requireID(), role: role, by: acting)
    }

    public func addMember(unitID: UUID, userID: UUID, role: MembershipRole, by acting: Acting) async throws -> MembershipModel {
        try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard try await SupportUnitModel.find(unitID, on: database) != nil else {
                throw HelpdeskError.notFound("Support unit \(unitID) does not exist.")
            }
            guard Permissions.mayManageMembers(of: unitID, acting.principal) else {
                throw HelpdeskError.forbidden("Only administrators and the unit's own unit admins may add members.")
            }
            guard try await UserModel.find(userID, on: database) != nil else {
                throw HelpdeskError.invalid("user", "There is no user \(userID).")
            }
            if let existing = try await MembershipModel.query(on: database)
                .filter(\.$unit.$id == unitID).filter(\.$user.$id == userID).first() {
                // Added by hand, it stays whatever the person's entitlements say later.
                guard existing.role != role || existing.grantedByRule != nil else { return existing }
                existing.role = role
                existing.grantedByRule = nil
                try await existing.save(on: database)
                return existing
            }
            let membership = MembershipModel(userID: userID, unitID: unitID, role: role)
            try await membership.create(on: database)
            return membership
        }
    }
}

extension UnitOperations {
    /// Ends a membership. Tickets the person is responsible for keep them as their responsible
    /// person until someone reassigns them.
    public func removeMember(unitID: UUID, userID: UUID, by acting: Acting) async throws {
        try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard try await SupportUnitModel.find(unitID, on: database) != nil else {
                throw HelpdeskError.notFound("Support unit \(unitID) does not exist.")
            }
            guard Permissions.mayManageMembers(of: unitID, acting.principal) else {
                throw HelpdeskError.forbidden("Only administrators and the unit's own unit admins may remove members.")
            }
            guard let membership = try await MembershipModel.query(on: database)
                .filter(\.$unit.$id == unitID).filter(\.$user.$id == userID).first()
            else { throw HelpdeskError.notFound("That person is not a member of the unit.") }
            try await membership.delete(on: database)
        }
    }
}
