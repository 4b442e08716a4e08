import Foundation
import SwitchboardCore
import Vapor

extension ServiceLevelInput: Content {}

struct ServiceLevelResponse: Content {
    var name: String
    var description: String
    /// Per priority: a working duration ("5wd", "4h"), or null for best effort.
    var targets: [String: String?]

    init(_ model: ServiceLevelModel) {
        let level = model.level
        name = level.name
        description = level.description
        targets = Dictionary(uniqueKeysWithValues: TicketPriority.allCases.map { ($0.rawValue, level.target(for: $0)?.description) })
    }
}

/// A recorded violation: a unit that did not react within its response target.
struct ViolationResponse: Content {
    var ticket: Int
    var supportUnit: UUID
    var unitName: String
    var priority: TicketPriority
    var serviceLevel: String
    var targetSeconds: Int
    var startedAt: Date
    var dueAt: Date
    var respondedAt: Date?
    /// Working seconds between the target and the reaction; absent while nobody has reacted.
    var lateSeconds: Int?

    init(_ clock: ResponseClockModel) {
        ticket = clock.$ticket.id
        supportUnit = clock.$unit.id
        unitName = clock.unitName
        priority = clock.priority
        serviceLevel = clock.serviceLevel
        targetSeconds = clock.targetSeconds
        startedAt = clock.startedAt
        dueAt = clock.dueAt
        respondedAt = clock.respondedAt
        lateSeconds = clock.lateSeconds
    }
}

struct SweepAgendaResponse: Content {
    struct Note: Content {
        var note: String
        var by: String
        var at: Date
    }

    struct Item: Content {
        var id: Int
        var subject: String
        var priority: TicketPriority
        var colour: ResponseColour?
        var responseDueAt: Date?
        var assignee: String?
        var createdAt: Date
        var ageDays: Int
        var workingDaysSinceReaction: Double
        var flags: [SweepFlag]
        var lastSweepNote: Note?
    }

    struct Group: Content {
        var status: TicketStatus
        var tickets: [Item]
    }

    var unit: UnitReference
    var generatedAt: Date
    var sweepDays: [String]
    /// The next sweep day (a working day of the unit), as YYYY-MM-DD.
    var nextSweep: String?
    var groups: [Group]

    init(_ agenda: SweepAgenda) throws {
        unit = try UnitReference(agenda.unit)
        generatedAt = agenda.generatedAt
        sweepDays = SweepRules.weekdayNames(agenda.sweepDays).map { $0.lowercased() }
        nextSweep = agenda.nextSweep?.description
        groups = agenda.groups.map { group in
            Group(status: group.status, tickets: group.items.map { item in
                Item(id: item.id, subject: item.subject, priority: item.priority, colour: item.colour, responseDueAt: item.responseDueAt,
                     assignee: item.assignee, createdAt: item.createdAt, ageDays: item.ageDays,
                     workingDaysSinceReaction: item.workingDaysSinceReaction, flags: item.flags,
                     lastSweepNote: item.lastSweepNote.map { Note(note: $0.note, by: $0.by, at: $0.at) })
            })
        }
    }
}

extension SweepFlag: Content {}
