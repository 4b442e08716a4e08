import Foundation
import SwitchboardCore

/// The units an imported history needs, when they are not in the helpdesk yet:
/// `{"units": [{"name", "tier", "parent", "level", "mailing_list"}]}` (`parent`, `level` and
/// `mailing_list` optional; a unit without a mailing list gets a placeholder address under
/// `example.invalid` to be replaced). Units already there are left as they are.
struct UnitDirectory: Decodable, Sendable {
    struct Unit: Decodable, Sendable {
        var name: String
        var tier: String
        var parent: String?
        var level: String?
        var mailingList: String?

        enum CodingKeys: String, CodingKey {
            case name, tier, parent, level
            case mailingList = "mailing_list"
        }
    }

    var units: [Unit]

    static func load(path: String) throws -> UnitDirectory {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchboardConfiguration.Invalid(description: "Cannot read the unit directory '\(TerminalText.escaped(path))'.")
        }
        do {
            return try JSONDecoder().decode(UnitDirectory.self, from: data)
        } catch {
            throw SwitchboardConfiguration.Invalid(description: "The unit directory '\(TerminalText.escaped(path))' is not {\"units\": [{\"name\", \"tier\", …}]}: \(error)")
        }
    }

    /// Creates the units that do not exist, parents before their parts; returns their names.
    func create(in helpdesk: Helpdesk, dryRun: Bool) async throws -> [String] {
        var known = Set(try await ImportUnits.load(on: helpdesk.database).byName.keys)
        var waiting = units.filter { !known.contains($0.name) }
        var created: [String] = []
        while !waiting.isEmpty {
            let ready = waiting.filter { unit in unit.parent.map { known.contains($0) } ?? true }
            guard !ready.isEmpty else {
                let names = waiting.map(\.name).joined(separator: ", ")
                throw SwitchboardConfiguration.Invalid(description: "The unit directory's parents are missing or form a cycle for: \(names).")
            }
            for unit in ready {
                if !dryRun {
                    let slug = unit.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
                    do {
                        _ = try await helpdesk.units.createSupportUnit(NewSupportUnitInput(
                            name: unit.name, tier: unit.tier, parent: unit.parent, mailingList: unit.mailingList ?? "\(slug)@example.invalid",
                            serviceLevel: unit.level), by: Acting.system.asAdministrator)
                    } catch let error as HelpdeskError {
                        throw SwitchboardConfiguration.Invalid(description: "The unit directory's '\(unit.name)' was refused: \(error.message)")
                    }
                }
                known.insert(unit.name)
                created.append(unit.name)
            }
            waiting.removeAll { known.contains($0.name) }
        }
        return created
    }
}
