import Fluent
import Foundation
import SwitchboardCore

/// Loading UnitFormPage's model through the helpdesk's operations.
extension UnitFormPage {
    static func parents(_ helpdesk: Helpdesk, excluding id: UUID?) async throws -> [Forms.Option] {
        try await helpdesk.units.all().filter { $0.id != id }.map { Forms.Option(value: try $0.requireID().uuidString, label: $0.name) }
    }
}
