import Foundation
import SwitchboardCore

/// A unit's sweep agenda: every open ticket by status, with its colour, age, working days
/// since the last supporter reaction and flags, and a short progress note per ticket.
enum SweepPage: WebPage {
    struct Model {
        var unitID: UUID
        var unitName: String
        var sweepDays: [String]
        var nextSweep: String?
        var groups: [SweepAgenda.Group]
        var error: String?
        var notice: String?
    }
}
