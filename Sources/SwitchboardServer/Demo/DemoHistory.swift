import Foundation
import SwitchboardCore

/// A year of seed-shaped history for the demo's reports: tickets filed to TPM (a few straight
/// to DMSU), most passed to DMSU, which solves about half, asks some submitters for more
/// information, sends some back, and passes a quarter to the product teams, where some stay
/// open for months. Generated from a fixed seed, so every demo shows the same figures for the
/// same end date, and loaded through the history import like any imported history.
enum DemoHistory {
    /// Tickets in the demo's year.
    static let yearCount = 420

    static let triage = "triage@helpdesk.example.org"
    static let expert = "expert@helpdesk.example.org"

    /// Who acts for a product team: the demo's own developers for dCache and CREAM.
    static func developer(of team: String) -> String {
        switch team {
        case "dCache": "dcache-dev@helpdesk.example.org"
        case "CREAM": "cream-dev@helpdesk.example.org"
        default: "developers@" + team.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined() + ".example.org"
        }
    }

    /// `count` tickets filed between `start` and `end` (their later events may run past `end`,
    /// never past `now`).
    static func tickets(count: Int, from start: Date, to end: Date, now: Date, seed: UInt64 = 2012) -> [HistoryTicket] {
        var tickets: [HistoryTicket] = []
        tickets.reserveCapacity(count)
        generate(count: count, from: start, to: end, now: now, seed: seed) { tickets.append($0) }
        return tickets
    }

    /// The same, one ticket at a time and in filing order, without holding them all (the
    /// benchmark's million): the i-th ticket is filed at a random instant of the i-th of
    /// `count` equal slices of the range.
    static func generate(count: Int, from start: Date, to end: Date, now: Date, seed: UInt64 = 2012, _ body: (HistoryTicket) throws -> Void) rethrows {
        var random = SeededGenerator(state: seed)
        let slice = end.timeIntervalSince(start) / Double(max(count, 1))
        for index in 0..<count {
            let at = start.addingTimeInterval(slice * (Double(index) + Double.random(in: 0..<1, using: &random))).rounded
            try body(ticket(number: index + 1, filedAt: at, now: now, random: &random))
        }
    }

    /// Builds one history step by step, keeping the unit and the status it is at.
    private struct Script {
        var events: [HistoryEvent] = []
        var unit: String
        var status: TicketStatus = .new
        var at: Date
        let now: Date

        mutating func wait(_ seconds: Double) -> Bool {
            let next = at.addingTimeInterval(seconds.rounded())
            guard next < now else { return false }
            at = next
            return true
        }

        mutating func assign(to next: String, by actor: String) {
            events.append(HistoryEvent(at: at, actor: actor, change: .assignedToUnit(from: unit, to: next)))
            unit = next
            set(.assigned, by: actor)
        }

        mutating func set(_ next: TicketStatus, by actor: String, note: String? = nil) {
            guard next != status else { return }
            events.append(HistoryEvent(at: at, actor: actor, change: .statusChanged(from: status, to: next, note: note)))
            status = next
        }

        mutating func say(_ body: String, by actor: String, isInternal: Bool = false) {
            events.append(HistoryEvent(at: at, actor: actor, change: .comment(body: body, visibility: isInternal ? .internal : .public)))
        }
    }

    private static func ticket(number: Int, filedAt: Date, now: Date, random: inout SeededGenerator) -> HistoryTicket {
        let problem = DemoCatalogue.problems.randomElement(using: &random)!
        let submitter = "scientist\(Int.random(in: 1...40, using: &random))@\(["cern.ch", "desy.de", "infn.it", "cesnet.cz", "nikhef.nl"].randomElement(using: &random)!)"
        let roll = Double.random(in: 0..<1, using: &random)
        let category: TicketCategory = roll < 0.02 ? .test : roll < 0.80 ? .incident : roll < 0.92 ? .serviceRequest : roll < 0.97 ? .requirement : .documentation
        let priority: TicketPriority = [.lessUrgent, .lessUrgent, .urgent, .urgent, .urgent, .veryUrgent, .topPriority]
            .randomElement(using: &random)!
        let direct = Double.random(in: 0..<1, using: &random) < 0.08
        var script = Script(unit: direct ? "DMSU" : "TPM", at: filedAt, now: now)
        script.events.append(HistoryEvent(at: filedAt, actor: submitter, change: .created(unit: script.unit, status: .new, priority: priority)))
        let team = problem.team
        let developer = developer(of: team)

        func hours(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) * 3600 }
        func days(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) * 86_400 }
        func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }

        play: do {
            if script.unit == "TPM" {
                guard script.wait(hours(0.5...20)) else { break play }
                if chance(0.08) {
                    script.set(.solved, by: triage, note: "Answered from the documentation.")
                    break play
                }
                if chance(0.07) {
                    script.assign(to: team, by: triage)
                } else {
                    script.assign(to: "DMSU", by: triage)
                }
            }
            if script.unit == "DMSU" {
                guard script.wait(hours(1...30)) else { break play }
                script.set(.inProgress, by: expert)
                if chance(0.3) {
                    guard script.wait(hours(2...48)) else { break play }
                    script.set(.waitingForReply, by: expert, note: "Which version of \(problem.component) does the site run?")
                    guard script.wait(days(0.5...6)) else { break play }
                    script.say("We run the version from the last UMD update.", by: submitter)
                    script.set(.inProgress, by: submitter)
                }
                let outcome = Double.random(in: 0..<1, using: &random)
                if outcome < 0.55 {
                    guard script.wait(days(0.5...14)) else { break play }
                    script.set(.solved, by: expert, note: "Configuration fixed; see the wiki entry for \(problem.component).")
                } else if outcome < 0.80 {
                    guard script.wait(days(0.3...4)) else { break play }
                    script.say("Reproduced; this needs the product team.", by: expert, isInternal: true)
                    script.assign(to: team, by: expert)
                } else if outcome < 0.90 {
                    guard script.wait(days(0.1...2)) else { break play }
                    script.assign(to: "TPM", by: expert)
                    guard script.wait(hours(1...24)) else { break play }
                    script.set(.solved, by: triage, note: "Site configuration issue, fixed by the site.")
                } else {
                    break play
                }
            }
            if DemoCatalogue.units.contains(where: { $0.name == script.unit && $0.tier == .thirdLine }) && script.status.isOpen {
                guard script.wait(days(0.5...5)) else { break play }
                script.set(.inProgress, by: developer)
                if chance(0.55) {
                    guard script.wait(days(3...70)) else { break play }
                    script.set(.solved, by: developer, note: "Fixed in the next release.")
                }
            }
        }
        if script.status == .solved && chance(0.7) && script.wait(days(3...5)) {
            script.set(.closed, by: HistoryEvent.systemActor)
        }
        return HistoryTicket(
            externalID: String(format: "demo-%07d", number), type: .user, category: category, priority: priority,
            subject: problem.subject, description: "Seen at \(problem.site) by the \(problem.vo) VO; details in the first reply.",
            submitter: HistoryTicket.Person(email: submitter, name: submitter.components(separatedBy: "@")[0].capitalized),
            vo: problem.vo, site: problem.site, component: problem.component, componentVersion: nil, createdAt: filedAt, events: script.events)
    }
}

fileprivate extension Date {
    /// The same instant rounded to a whole second.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded()) }
}
