import Foundation
import SwitchboardCore

/// The form to file a ticket. On a validation error it comes back with every value kept and a
/// message next to each bad field.
enum NewTicketPage: WebPage {
    struct Model {
        var values: [String: String] = [:]
        var errors: [String: [String]] = [:]
        /// Units grouped by tier, offered to supporters only.
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])]?
        /// The catalogue's component names, offered for the component field (free text stays possible).
        var componentSuggestions: [String] = []
        /// The VOs the person's sign-in provider asserts (their entitlements), offered for the VO field.
        var voChoices: [String] = []
    }
}
