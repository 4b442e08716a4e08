import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Keeps the report tables (`ReportSchema`) equal to what the event history says. A ticket's
/// rows are computed from its routing history (`RoutingHistory`, core) and replaced whole:
/// in the same transaction as each event that files, assigns or changes the status of a ticket
/// (`EventRecorder`), for each imported ticket, and for every ticket by `switchboard reports
/// rebuild`. Test tickets have no rows. Lines (first, third) are not stored: the reports pick
/// hand-offs by the lines units belong to when the report is made, so changing a unit's line
/// needs no rebuild.
enum ReportProjection {
    /// Event kinds that can carry a filing, an assignment or a status change.
    static let routingKinds: [TicketEventKind] = [.created, .assignedToUnit, .statusChanged]
    /// Event kinds that are a reaction when someone other than the submitter and the system
    /// makes them (as `ResponseClocks` counts a supporter's reaction).
    static let reactionKinds: Set<TicketEventKind> = [
        .assignedToUnit, .assignedToPerson, .statusChanged, .priorityChanged, .commentPublic, .commentInternal, .fieldChanged,
    ]

    /// Refreshes the ticket's rows when the event just recorded changes them: a filing, an
    /// assignment or a status always may; a reaction (someone other than the submitter and the
    /// system acting) only while the responsible unit has not reacted yet, which one indexed
    /// read tells, so that a supporter's every comment does not recompute the ticket.
    static func follow(_ record: TicketEventRecord, on ticket: TicketModel, in context: ChangeContext) async throws {
        let ticketID = try ticket.requireID()
        if record.kind == .created {
            // A ticket being filed has no rows yet, and its one event is in hand.
            guard ticket.category != .test else { return }
            let unitName = record.changes.first { $0.field == "supportUnit" }?.after ?? ""
            let event = StoredEvent(ticketID: ticketID, kind: .created, at: context.now, actor: context.acting.principal.userID, changes: record.changes)
            try await write([TicketEvents(ticketID: ticketID, submitter: ticket.$submitter.id, events: [event])],
                            units: UnitNames(ids: [unitName: ticket.$supportUnit.id]), replacing: nil, on: context.database as! any SQLDatabase)
            return
        }
        if record.changes.contains(where: { $0.field == "status" || $0.field == "supportUnit" }) {
            return try await refresh(ticketID: ticketID, in: context)
        }
        guard reactionKinds.contains(record.kind), let actor = context.acting.principal.userID, actor != ticket.$submitter.id else { return }
        let sql = context.database as! any SQLDatabase
        let awaited = try await sql.select().column("ticket_id").from(ReportSchema.unitFacts)
            .where("ticket_id", .equal, ticketID).where("unit_id", .equal, ticket.$supportUnit.id)
            .where("first_reaction_at", .is, SQLLiteral.null).first()
        if awaited != nil { try await refresh(ticketID: ticketID, in: context) }
    }

    /// The ids of unit names as the history wrote them: current names, and the former names of
    /// renamed units (a current name wins over a former one).
    struct UnitNames: Sendable {
        var ids: [String: UUID]

        init(ids: [String: UUID]) { self.ids = ids }

        /// Former names and current names, a current name winning.
        init(former: [(name: String, unitID: UUID)], current: [(name: String, unitID: UUID)]) {
            var ids: [String: UUID] = [:]
            for (name, unitID) in former { ids[name] = unitID }
            for (name, unitID) in current { ids[name] = unitID }
            self.ids = ids
        }

        static func load(on database: any Database) async throws -> UnitNames {
            let units = try await SupportUnitModel.query(on: database).field(\.$id).field(\.$name).all()
            return UnitNames(former: try await formerNames(on: database), current: try units.map { ($0.name, try $0.requireID()) })
        }

        /// The former names of renamed units.
        static func formerNames(on database: any Database) async throws -> [(name: String, unitID: UUID)] {
            try await (database as! any SQLDatabase).select().columns("name", "unit_id").from(ReportSchema.formerUnitNames).all().map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "unit_id", as: UUID.self))
            }
        }
    }

    /// Remembers a unit's former name, so that the history written under it still counts for
    /// the unit. No other unit may take that name (`UnitOperations` refuses it); the unit
    /// itself may take it back.
    static func recordRename(of unit: SupportUnitModel, from formerName: String, in context: ChangeContext) async throws {
        let sql = context.database as! any SQLDatabase
        let unitID = try unit.requireID()
        try await sql.delete(from: ReportSchema.formerUnitNames).where("name", .equal, formerName).run()
        try await sql.delete(from: ReportSchema.formerUnitNames).where("name", .equal, unit.name).run()
        try await sql.insert(into: ReportSchema.formerUnitNames).columns("name", "unit_id", "renamed_at")
            .values(SQLBind(formerName), SQLBind(unitID), SQLBind(context.now)).run()
    }

    /// The unit that once had this name and has another one now.
    static func formerHolder(ofName name: String, on database: any Database) async throws -> SupportUnitModel? {
        let sql = database as! any SQLDatabase
        guard let row = try await sql.select().column("unit_id").from(ReportSchema.formerUnitNames).where("name", .equal, name).first()
        else { return nil }
        return try await SupportUnitModel.find(try row.decode(column: "unit_id", as: UUID.self), on: database)
    }

    /// One routing event as stored.
    struct StoredEvent: Sendable {
        var ticketID: Int
        var kind: TicketEventKind
        var at: Date
        var actor: UUID?
        var changes: [FieldChange]
    }

    /// The routing steps of one ticket's events (ordered by instant, then by id). An event
    /// that moves the ticket and sets its status is an assignment followed by a status; an
    /// event by someone other than the submitter and the system is first a reaction, except
    /// when the person who just assigned the ticket completes that assignment at the same
    /// instant (an imported history writes "assigned" as an event of its own): that is the
    /// assignment, not the new unit reacting.
    static func history(ticketID: Int, submitter: UUID?, events: [StoredEvent], units: UnitNames) -> RoutingHistory<UUID> {
        var steps: [RoutingHistory<UUID>.Step] = []
        var lastAssignment: (actor: UUID?, at: Date)?
        for event in events {
            let unit = event.changes.first { $0.field == "supportUnit" }
            let completesAssignment = unit == nil && lastAssignment.map { $0.actor == event.actor && $0.at == event.at } ?? false
            if reactionKinds.contains(event.kind), let actor = event.actor, actor != submitter, !completesAssignment {
                steps.append(.reaction(at: event.at))
            }
            if unit != nil { lastAssignment = (event.actor, event.at) }
            let status = event.changes.first { $0.field == "status" }.flatMap { $0.after.flatMap(TicketStatus.init(rawValue:)) }
            if event.kind == .created {
                guard let name = unit?.after, let id = units.ids[name] else { continue }
                steps.append(.filed(at: event.at, to: id, status: status ?? .new))
                continue
            }
            if let unit, let name = unit.after, let to = units.ids[name] {
                steps.append(.assigned(at: event.at, from: unit.before.flatMap { units.ids[$0] }, to: to))
            }
            if let status { steps.append(.status(at: event.at, to: status)) }
        }
        return RoutingHistory(ticketID: ticketID, steps: steps)
    }

    /// Recomputes one ticket's rows from its events, on the change's transaction.
    static func refresh(ticketID: Int, in context: ChangeContext) async throws {
        try await refresh(ticketIDs: [ticketID], units: context.catalog().unitNames, on: context.database)
    }

    /// One ticket's events as the projection reads them, with its submitter.
    struct TicketEvents: Sendable {
        var ticketID: Int
        var submitter: UUID?
        var events: [StoredEvent]
    }

    /// Recomputes the rows of these tickets from their events; returns how many rows were written.
    @discardableResult
    static func refresh(ticketIDs: [Int], units: UnitNames, on database: any Database) async throws -> Int {
        guard !ticketIDs.isEmpty else { return 0 }
        let sql = database as! any SQLDatabase
        let counted = try await sql.select().columns("id", "submitter_id").from(TicketModel.schema).where("id", .in, ticketIDs)
            .where("category", .notEqual, TicketCategory.test.rawValue).all()
            .map { (id: try $0.decode(column: "id", as: Int.self), submitter: try $0.decode(column: "submitter_id", as: UUID.self)) }
        let events = try await storedEvents(of: counted.map(\.id), on: sql)
        return try await write(counted.map { TicketEvents(ticketID: $0.id, submitter: $0.submitter, events: events[$0.id] ?? []) },
                               units: units, replacing: ticketIDs, on: sql)
    }

    /// Computes and writes the rows of these tickets (test tickets must be left out), first
    /// removing those of `replacing` (nil for tickets that have none yet).
    @discardableResult
    static func write(_ histories: [TicketEvents], units: UnitNames, replacing: [Int]?, on sql: any SQLDatabase) async throws -> Int {
        var facts: [UnitFacts<UUID>] = [], handOffs: [HandOff<UUID>] = [], spans: [OpenSpan<UUID>] = []
        var tickets: [(facts: TicketFacts<UUID>, priority: String)] = []
        for ticket in histories {
            let history = history(ticketID: ticket.ticketID, submitter: ticket.submitter, events: ticket.events, units: units)
            facts += history.solutionFacts()
            handOffs += history.handOffs()
            spans += history.openSpans()
            let filedPriority = ticket.events.first { $0.kind == .created }?.changes.first { $0.field == "priority" }?.after
            if let ticketFacts = history.ticketFacts() {
                tickets.append((ticketFacts, filedPriority ?? TicketPriority.default.rawValue))
            }
        }
        if let replacing, !replacing.isEmpty {
            for table in [ReportSchema.unitFacts, ReportSchema.ticketFacts, ReportSchema.handOffs, ReportSchema.openSpans] {
                try await sql.delete(from: table).where("ticket_id", .in, replacing).run()
            }
        }
        try await BulkInsert.run(into: ReportSchema.unitFacts,
                         columns: ["ticket_id", "unit_id", "first_assigned_at", "first_solved_at", "solve_seconds_excluding_waiting", "first_reaction_at"],
                         rows: facts.map { [BulkValue($0.ticketID), BulkValue($0.unit), BulkValue($0.firstAssignedAt), BulkValue($0.firstSolvedAt),
                                            BulkValue($0.solveSecondsExcludingWaiting), BulkValue($0.firstReactionAt)] }, on: sql)
        try await BulkInsert.run(into: ReportSchema.ticketFacts,
                         columns: ["ticket_id", "filed_at", "filed_unit_id", "filed_priority", "first_reaction_at", "first_solved_at",
                                   "solve_seconds_excluding_waiting"],
                         rows: tickets.map { [BulkValue($0.facts.ticketID), BulkValue($0.facts.filedAt), BulkValue($0.facts.filedUnit), BulkValue($0.priority),
                                              BulkValue($0.facts.firstReactionAt), BulkValue($0.facts.firstSolvedAt),
                                              BulkValue($0.facts.solveSecondsExcludingWaiting)] }, on: sql)
        try await BulkInsert.run(into: ReportSchema.handOffs, columns: ["ticket_id", "from_unit_id", "to_unit_id", "first_at"],
                         rows: handOffs.map { [BulkValue($0.ticketID), BulkValue($0.from), BulkValue($0.to), BulkValue($0.firstAt)] }, on: sql)
        try await BulkInsert.run(into: ReportSchema.openSpans, columns: ["ticket_id", "unit_id", "assigned_at", "starts_at", "ends_at"],
                         rows: spans.map { [BulkValue($0.ticketID), BulkValue($0.unit), BulkValue($0.assignedAt), BulkValue($0.startsAt),
                                            BulkValue($0.endsAt)] }, on: sql)
        return facts.count + tickets.count + handOffs.count + spans.count
    }

    /// The routing events of these tickets, per ticket, in order.
    static func storedEvents(of ticketIDs: [Int], on sql: any SQLDatabase) async throws -> [Int: [StoredEvent]] {
        guard !ticketIDs.isEmpty else { return [:] }
        let kinds = Set(routingKinds).union(reactionKinds)
        let rows = try await sql.select().columns("ticket_id", "kind", "at", "actor_id", "changes").from(TicketEventModel.schema)
            .where("ticket_id", .in, ticketIDs)
            .where("kind", .in, kinds.map(\.rawValue).sorted())
            .orderBy("ticket_id").orderBy("at").orderBy("id")
            .all()
        var events: [Int: [StoredEvent]] = [:]
        let decoder = JSONDecoder()
        for row in rows {
            let ticketID = try row.decode(column: "ticket_id", as: Int.self)
            guard let kind = TicketEventKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            // Only a routing event's values are read; a reaction needs its kind and actor alone.
            let changes = routingKinds.contains(kind)
                ? (try? decoder.decode([FieldChange].self, from: Data(try row.decode(column: "changes", as: String.self).utf8))) ?? [] : []
            events[ticketID, default: []].append(
                StoredEvent(ticketID: ticketID, kind: kind, at: try row.decode(column: "at", as: Date.self),
                            actor: try row.decode(column: "actor_id", as: UUID?.self), changes: changes))
        }
        return events
    }

    /// Recomputes every ticket's rows, in batches of `batchSize` tickets, each batch in a
    /// transaction of its own. `progress` is told the tickets done so far and the total.
    static func rebuild(helpdesk: Helpdesk, batchSize: Int = 2000, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        let total = try await TicketModel.query(on: helpdesk.database).count()
        var done = 0
        var after = 0
        while true {
            let ids = try await TicketModel.query(on: helpdesk.database).filter(\.$id > after).sort(\.$id).limit(batchSize)
                .field(\.$id).all().compactMap(\.id)
            guard let last = ids.last else { break }
            try await helpdesk.change(by: .system) { context in
                try await refresh(ticketIDs: ids, units: context.catalog().unitNames, on: context.database)
            }
            done += ids.count
            after = last
            progress(done, total)
        }
        return done
    }
}
