import Fluent
import Foundation
import SwitchboardCore

/// Reading the units and who belongs to them, for the API and the pages.
extension UnitOperations {
    /// Every unit, by name (case-insensitively, the same on every database).
    public func all() async throws -> [SupportUnitModel] {
        try await SupportUnitModel.query(on: helpdesk.database).all().sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// One unit, or `notFound`.
    public func find(_ id: UUID) async throws -> SupportUnitModel {
        guard let unit = try await SupportUnitModel.find(id, on: helpdesk.database) else {
            throw HelpdeskError.notFound("There is no such support unit.")
        }
        return unit
    }

    /// A unit's memberships with their people, by name.
    public func members(ofUnit id: UUID) async throws -> [MembershipModel] {
        try await MembershipModel.query(on: helpdesk.database).filter(\.$unit.$id == id).with(\.$user).all()
            .sorted { $0.user.displayName < $1.user.displayName }
    }

    /// A person's memberships with their units.
    public func memberships(ofUser id: UUID) async throws -> [MembershipModel] {
        try await MembershipModel.query(on: helpdesk.database).filter(\.$user.$id == id).with(\.$unit).all()
    }

    /// Every membership, with its unit and its person.
    public func allMemberships() async throws -> [MembershipModel] {
        try await MembershipModel.query(on: helpdesk.database).with(\.$unit).with(\.$user).all()
    }

    /// Everyone who belongs to a unit, once each, by name.
    public func supporters() async throws -> [UserModel] {
        var seen: Set<UUID> = []
        return try await allMemberships().map(\.user).filter { seen.insert($0.id ?? UUID()).inserted }.sorted { $0.displayName < $1.displayName }
    }

    /// Units grouped by tier, for selects.
    func unitChoices() async throws -> [(tier: SupportTier, units: [(id: UUID, name: String)])] {
        let units = try await SupportUnitModel.query(on: helpdesk.database).all()
        return try SupportTier.allCases.sorted().compactMap { tier in
            let members = try units.filter { $0.tier == tier }.sorted { $0.name.lowercased() < $1.name.lowercased() }.map { (id: try $0.requireID(), name: $0.name) }
            return members.isEmpty ? nil : (tier: tier, units: members)
        }
    }
}
