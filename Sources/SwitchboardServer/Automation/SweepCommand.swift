import Foundation
import SwitchboardCore
import Vapor

/// `switchboard sweep --unit NAME [--as-of INSTANT]`: prints a unit's sweep agenda, for a
/// meeting room screen or a mail to the team.
struct SweepCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "unit", help: "The unit's name or id.")
        var unit: String?
        @Option(name: "as-of", help: "Compute the agenda at this ISO 8601 instant (default: now).")
        var asOf: String?
        init() {}
    }

    var help: String { "Prints a unit's sweep agenda: open tickets by status, with colour, age, days since reaction and flags." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let unit = signature.unit, !unit.isEmpty else {
            throw SwitchboardConfiguration.Invalid(description: "Name the unit: switchboard sweep --unit DMSU")
        }
        var instant: Date?
        if let text = signature.asOf {
            guard let parsed = ISO8601.parseInstant(text) else {
                throw SwitchboardConfiguration.Invalid(description: "--as-of must be an ISO 8601 instant with an offset, like 2026-10-02T16:30:00+02:00.")
            }
            instant = parsed
        }
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let agenda = try await app.helpdesk.sweep.sweepAgenda(unit: unit, asOf: instant, by: .system)
        context.console.say(Self.text(agenda))
    }

    /// The agenda as plain text: a heading, then one block per status with a line per ticket.
    static func text(_ agenda: SweepAgenda) -> String {
        let days = SweepRules.weekdayNames(agenda.sweepDays)
        var lines = [
            "Sweep agenda of \(agenda.unit.name) as of \(ISO8601.format(agenda.generatedAt))",
            "Sweep days: \(days.joined(separator: ", ")); next sweep: \(agenda.nextSweep.map { SweepPage.readableDate($0.description) } ?? "none planned")",
            "\(agenda.ticketCount) open ticket\(agenda.ticketCount == 1 ? "" : "s")",
        ]
        for group in agenda.groups {
            lines.append("")
            lines.append("\(Format.label(group.status.rawValue)) (\(group.items.count))")
            for item in group.items {
                let colour = item.colour?.rawValue ?? "-"
                let flags = item.flags.isEmpty ? "" : "  [" + item.flags.map(\.rawValue).joined(separator: ", ") + "]"
                func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
                let numbers = String(format: "%3dd old  %5.1f wd since reaction", item.ageDays, item.workingDaysSinceReaction)
                lines.append("  " + pad("#\(item.id)", 9) + pad(item.priority.rawValue, 13) + pad(colour, 7) + numbers + "  "
                             + String(item.subject.prefix(60)) + flags)
                if let note = item.lastSweepNote {
                    lines.append("           last note: \(note.note) (\(note.by), \(ISO8601.format(note.at)))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
