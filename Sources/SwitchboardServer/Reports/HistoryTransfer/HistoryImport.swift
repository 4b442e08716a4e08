import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Loads tickets with their complete histories (`HistoryFile`, core) into the helpdesk.
///
/// Imported events are history: stored as they are, not replayed through the state machine;
/// no timer is planned, no clock started and no mail sent for them, so the automated
/// processes never fire for them. A ticket is imported whole or not at all (each in a
/// savepoint of its batch's transaction); a ticket whose `external_id` is already in the
/// helpdesk is skipped, so a second import of the same file changes nothing. People the
/// history names become accounts without a usable password; units must exist (or be created
/// from a unit directory first). Every refused line is reported with its number and reason.
struct HistoryImport: Sendable {
    let helpdesk: Helpdesk
    var dryRun = false
    /// Lines per transaction.
    var batchSize = 4000

    struct Refusal: Sendable, Equatable, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    struct Summary: Sendable, Equatable {
        var imported = 0
        var alreadyThere = 0
        var events = 0
        var peopleCreated = 0
        var refusals: [Refusal] = []
        var lines = 0
        /// Batches the database refused together, written again one ticket at a time.
        var batchesRetriedOneByOne = 0
    }

    /// What the batches of one run pass on to the next.
    private struct RunState: Sendable {
        /// External ids imported so far, with their lines.
        var lines: [String: Int] = [:]
        /// On a dry run: the people that would have been added so far.
        var pretendedPeople: Set<String> = []
    }

    /// One parsed line waiting for its batch.
    private struct Pending: Sendable {
        var line: Int
        var ticket: HistoryTicket
        var outcome: HistoryOutcome
    }

    /// Reads every line of `reader`, telling `progress` the bytes read so far after each batch.
    /// The next batch is read and checked while the previous one is written (two cores: one
    /// parses JSON, one writes).
    func run(_ reader: LineReader, progress: @Sendable (Summary, Int) -> Void = { _, _ in }) async throws -> Summary {
        var summary = Summary()
        var state = RunState()
        let size = batchSize
        var next = Task.detached { try Self.readBatch(reader, size: size) }
        while true {
            let read = try await next.value
            if !read.finished { next = Task.detached { try Self.readBatch(reader, size: size) } }
            if read.lastLine > 0 { summary.lines = read.lastLine }
            summary.refusals += read.refusals
            if !read.batch.isEmpty { try await load(read.batch, into: &summary, state: &state) }
            progress(summary, read.bytesRead)
            if read.finished { break }
        }
        summary.refusals.sort { $0.line < $1.line }
        if summary.imported > 0 { try await Self.refreshStatistics(on: helpdesk.database) }
        return summary
    }

    static func refreshStatistics(on database: any Database) async throws {
        try await DatabaseSetup.refreshStatistics(database, tables: [
            TicketModel.schema, TicketEventModel.schema, CommentModel.schema, UserModel.schema,
            ReportSchema.unitFacts, ReportSchema.ticketFacts, ReportSchema.handOffs, ReportSchema.openSpans,
        ])
    }

    private struct ReadBatch: Sendable {
        var batch: [Pending] = []
        var refusals: [Refusal] = []
        var lastLine = 0
        var bytesRead = 0
        var finished = false
    }

    /// Up to `size` parsed lines (and the refusals among them).
    private static func readBatch(_ reader: LineReader, size: Int) throws -> ReadBatch {
        var read = ReadBatch()
        while read.batch.count < size {
            guard let (number, line) = try reader.next() else {
                read.finished = true
                break
            }
            read.lastLine = number
            if line.allSatisfy(\.isWhitespace) { continue }
            switch parse(line) {
            case .failure(let refusal): read.refusals.append(Refusal(line: number, reason: refusal.reason))
            case .success(let (ticket, outcome)): read.batch.append(Pending(line: number, ticket: ticket, outcome: outcome))
            }
        }
        read.bytesRead = reader.bytesRead
        return read
    }

    private static func parse(_ line: String) -> Result<(HistoryTicket, HistoryOutcome), HistoryFile.Refusal> {
        do {
            return .success(try HistoryFile.read(line))
        } catch {
            return .failure(error)
        }
    }

    /// Imports histories made in code (the demo's year), as if they were the lines of a file.
    func run(tickets: [HistoryTicket]) async throws -> Summary {
        var summary = Summary()
        var state = RunState()
        var batch: [Pending] = []
        for (index, ticket) in tickets.enumerated() {
            switch Result(catching: { () throws(HistoryFile.Refusal) in try HistoryFile.outcome(of: ticket) }) {
            case .failure(let refusal): summary.refusals.append(Refusal(line: index + 1, reason: refusal.reason))
            case .success(let outcome): batch.append(Pending(line: index + 1, ticket: ticket, outcome: outcome))
            }
            if batch.count >= batchSize {
                try await load(batch, into: &summary, state: &state)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await load(batch, into: &summary, state: &state) }
        summary.lines = tickets.count
        return summary
    }

    /// One batch in one transaction. The tickets that pass every check are written together
    /// (tickets, comments and events in multi-row statements); should the database still refuse
    /// that, the transaction is undone and the batch written again in another, one ticket at a
    /// time, each in a savepoint of its own, so that only the refused ticket is left out. (The
    /// fast path needs no savepoint: before its writes the transaction has only read.) `state`
    /// holds the external ids this run imported, with their lines (a later line with the same id
    /// is refused), and on a dry run the people it would have added.
    private func load(_ batch: [Pending], into summary: inout Summary, state: inout RunState) async throws {
        let dryRun = self.dryRun
        let earlier = state
        let outcome: (Summary, RunState)
        do {
            outcome = try await helpdesk.change(by: .system) { context -> (Summary, RunState) in
                var checked = try await Self.check(batch, state: earlier, in: context)
                if dryRun {
                    for pending in checked.candidates {
                        let missing = checked.people.missing(for: pending.ticket)
                        checked.result.imported += 1
                        checked.result.events += pending.ticket.events.count
                        checked.result.peopleCreated += missing.count
                        checked.people.pretendCreated(missing)
                        checked.state.pretendedPeople.formUnion(missing)
                    }
                    return (checked.result, checked.state)
                }
                do {
                    for pending in checked.candidates {
                        checked.result.peopleCreated += try await checked.people.create(
                            checked.people.missing(for: pending.ticket), ticket: pending.ticket, in: context)
                    }
                    _ = try await Self.storeTogether(checked.candidates, units: checked.units, people: checked.people, on: context.database)
                } catch {
                    throw BatchRefused(underlying: error)
                }
                checked.result.imported += checked.candidates.count
                checked.result.events += checked.candidates.reduce(0) { $0 + $1.ticket.events.count }
                return (checked.result, checked.state)
            }
        } catch is BatchRefused {
            outcome = try await helpdesk.change(by: .system) { context in try await Self.storeOneByOne(batch, state: earlier, in: context) }
        }
        state = outcome.1
        summary.imported += outcome.0.imported
        summary.alreadyThere += outcome.0.alreadyThere
        summary.events += outcome.0.events
        summary.peopleCreated += outcome.0.peopleCreated
        summary.refusals += outcome.0.refusals
        summary.batchesRetriedOneByOne += outcome.0.batchesRetriedOneByOne
        summary.refusals.sort { $0.line < $1.line }
    }

    /// The database refused a batch written together; it is written again one ticket at a time.
    private struct BatchRefused: Error {
        var underlying: any Error
    }

    /// A batch read against the database: what is refused or there already, and what may be written.
    private struct CheckedBatch {
        var result = Summary()
        var state: RunState
        var candidates: [Pending] = []
        var units: ImportUnits
        var people: ImportPeople
    }

    private static func check(_ batch: [Pending], state: RunState, in context: ChangeContext) async throws -> CheckedBatch {
        let database = context.database
        let sql = database as! any SQLDatabase
        if DatabaseSetup.isSQLite(database) {
            // A batch touches many index pages: keep them in this connection's cache.
            try await sql.raw("PRAGMA cache_size = -262144").run()
        }
        let existing = Set(try await sql.select().column("external_id").from(TicketModel.schema)
            .where("external_id", .in, batch.map(\.ticket.externalID)).all().map { try $0.decode(column: "external_id", as: String.self) })
        var people = try await ImportPeople.load(emails: emails(in: batch), on: database)
        people.pretendCreated(Array(state.pretendedPeople))
        var checked = CheckedBatch(state: state, units: try await ImportUnits.load(on: database), people: people)
        for pending in batch {
            if let line = checked.state.lines[pending.ticket.externalID] {
                checked.result.refusals.append(Refusal(line: pending.line, reason: "external_id '\(pending.ticket.externalID)' is on line \(line) already"))
            } else if existing.contains(pending.ticket.externalID) {
                checked.result.alreadyThere += 1
            } else if let unknown = unitNames(in: pending.ticket).first(where: { checked.units.unit(named: $0) == nil }) {
                checked.result.refusals.append(Refusal(line: pending.line, reason: "there is no support unit '\(unknown)' (create it, or give --units FILE.json)"))
            } else {
                checked.state.lines[pending.ticket.externalID] = pending.line
                checked.candidates.append(pending)
            }
        }
        return checked
    }

    /// The batch again, one ticket at a time, each in a savepoint: a ticket the database refuses
    /// is left out with the reason, the others are imported.
    private static func storeOneByOne(_ batch: [Pending], state: RunState, in context: ChangeContext) async throws -> (Summary, RunState) {
        var checked = try await check(batch, state: state, in: context)
        checked.result.batchesRetriedOneByOne = 1
        let database = context.database
        let sql = database as! any SQLDatabase
        var imported: [Int] = []
        for (index, pending) in checked.candidates.enumerated() {
            let savepoint = "import_\(index)"
            try await sql.raw("SAVEPOINT \(unsafeRaw: savepoint)").run()
            do {
                let created = try await checked.people.create(checked.people.missing(for: pending.ticket), ticket: pending.ticket, in: context)
                let id = try await ReservedIDs.take(1, in: TicketModel.schema, on: database)[0]
                try await BulkInsert.run(into: TicketModel.schema, columns: ticketColumns,
                                         rows: [ticketValues(pending, id: id, units: checked.units, people: checked.people)], on: sql)
                try await storeHistory(of: [(pending, id)], people: checked.people, units: checked.units, on: sql)
                try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: savepoint)").run()
                imported.append(id)
                checked.result.imported += 1
                checked.result.events += pending.ticket.events.count
                checked.result.peopleCreated += created
            } catch {
                try await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: savepoint)").run()
                checked.people.forgetCreated()
                checked.state.lines[pending.ticket.externalID] = nil
                checked.result.refusals.append(Refusal(line: pending.line, reason: "the database refused it: \(String(reflecting: error))"))
            }
        }
        if !imported.isEmpty {
            try await ReportProjection.refresh(ticketIDs: imported, units: ReportProjection.UnitNames.load(on: database), on: database)
        }
        return (checked.result, checked.state)
    }

    /// The tickets, their comments and their events, in multi-row statements; returns the numbers.
    /// (Plain SQL, not Fluent's models: building a model's input by reflection cost more than
    /// the rest of the import together.)
    private static func storeTogether(_ batch: [Pending], units: ImportUnits, people: ImportPeople, on database: any Database) async throws -> [Int] {
        let ids = try await ReservedIDs.take(batch.count, in: TicketModel.schema, on: database)
        let sql = database as! any SQLDatabase
        try await BulkInsert.run(into: TicketModel.schema, columns: ticketColumns,
                                          rows: zip(batch, ids).map { ticketValues($0, id: $1, units: units, people: people) }, on: sql)
        let histories = try await storeHistory(of: Array(zip(batch, ids)), people: people, units: units, on: sql)
        // New tickets: their projection rows come from the events just written, without reading them back.
        try await ReportProjection.write(histories, units: ReportProjection.UnitNames.load(on: database), replacing: nil, on: sql)
        return ids
    }

    /// The columns `ticketValues` fills; the others start empty, as for a ticket filed here.
    static let ticketColumns = [
        "id", "external_id", "subject", "description", "type", "category", "priority", "priority_rank", "status",
        "affected_site", "vo", "component", "component_version", "fixed_version", "fixed_component", "eta", "cc", "notification_mode",
        "support_unit_id", "assignee_id", "submitter_id", "created_at", "updated_at", "public_updated_at", "status_since", "escalation_step",
    ]

    /// The ticket's row as its history leaves it, in the order of `ticketColumns`.
    private static func ticketValues(_ pending: Pending, id: Int, units: ImportUnits, people: ImportPeople) -> [BulkValue] {
        let ticket = pending.ticket, outcome = pending.outcome
        func field(_ name: String) -> String? { outcome.fields[name] ?? nil }
        let subject = field("subject") ?? ticket.subject
        let cc = field("cc").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        return [
            .integer(id), .text(ticket.externalID), .text(subject), .text(ticket.description),
            .text(ticket.type.rawValue), .text(ticket.category.rawValue), .text(outcome.priority.rawValue), .integer(outcome.priority.rank),
            .text(outcome.status.rawValue), BulkValue(field("affectedSite")), BulkValue(field("vo")), BulkValue(field("component")),
            BulkValue(field("componentVersion")), BulkValue(field("fixedVersion")), BulkValue(field("fixedComponent")),
            BulkValue(field("eta").flatMap(HistoryFile.parseInstant)), .texts(cc),
            .text((field("notificationMode").flatMap(NotificationMode.init(rawValue:)) ?? .default).rawValue),
            BulkValue(units.unit(named: outcome.unit)!.id!), BulkValue(outcome.assignee.flatMap { people.user(for: $0)?.id }),
            BulkValue(people.user(for: EmailAddress.normalise(ticket.submitter.email))!.id),
            .date(ticket.createdAt), .date(outcome.updatedAt), .date(outcome.publicUpdatedAt), .date(outcome.statusSince), .integer(0),
        ]
    }

    private static func emails(in batch: [Pending]) -> Set<String> {
        var emails: Set<String> = []
        for pending in batch { emails.formUnion(people(in: pending.ticket)) }
        return emails
    }

    /// Everyone a ticket's history names: the submitter, the actors and the people made responsible.
    static func people(in ticket: HistoryTicket) -> [String] {
        var emails = [EmailAddress.normalise(ticket.submitter.email)]
        for event in ticket.events {
            if event.actor != HistoryEvent.systemActor { emails.append(EmailAddress.normalise(event.actor)) }
            if case .assignedToPerson(_, let person) = event.change, EmailAddress.isPlausible(person) { emails.append(person) }
        }
        return emails
    }

    static func unitNames(in ticket: HistoryTicket) -> [String] {
        ticket.events.flatMap { event -> [String] in
            switch event.change {
            case .created(let unit, _, _): [unit]
            case .assignedToUnit(let from, let to): [from, to]
            case .assignedToPerson(let unit, _): [unit]
            default: []
            }
        }
    }

    /// The comments and events of tickets whose rows exist, in multi-row statements; returns
    /// the events as the report projection reads them.
    @discardableResult
    private static func storeHistory(of tickets: [(Pending, Int)], people: ImportPeople, units: ImportUnits, on sql: any SQLDatabase) async throws
        -> [ReportProjection.TicketEvents]
    {
        var comments: [[BulkValue]] = []
        var events: [[BulkValue]] = []
        var histories: [ReportProjection.TicketEvents] = []
        for (pending, ticketID) in tickets {
            let ticket = pending.ticket
            var stored: [ReportProjection.StoredEvent] = []
            for event in ticket.events {
                let actor = event.actor == HistoryEvent.systemActor ? nil : people.user(for: EmailAddress.normalise(event.actor))
                var record = TicketEventRecord(kind: event.change.kind)
                var commentID: UUID?
                switch event.change {
                case .created(let filedTo, let status, let priority):
                    record.changes = [
                        FieldChange(field: "subject", before: nil, after: ticket.subject),
                        FieldChange(field: "status", before: nil, after: status.rawValue),
                        FieldChange(field: "priority", before: nil, after: priority.rawValue),
                        FieldChange(field: "category", before: nil, after: ticket.category.rawValue),
                        FieldChange(field: "supportUnit", before: nil, after: filedTo),
                    ]
                    for (name, value) in [("affectedSite", ticket.site), ("vo", ticket.vo), ("component", ticket.component),
                                          ("componentVersion", ticket.componentVersion)] {
                        if let value { record.changes.append(FieldChange(field: name, before: nil, after: value)) }
                    }
                case .assignedToUnit(let from, let to):
                    record.changes = [
                        FieldChange(field: "supportUnit", before: from, after: to),
                        FieldChange(field: "fromTier", before: nil, after: units.unit(named: from)?.tier.rawValue),
                        FieldChange(field: "toTier", before: nil, after: units.unit(named: to)?.tier.rawValue),
                    ]
                case .assignedToPerson(_, let person):
                    let user = people.user(for: person)
                    record.changes = [
                        FieldChange(field: "assignee", before: nil, after: user?.displayName ?? person),
                        FieldChange(field: "assigneeID", before: nil, after: user?.id.uuidString),
                    ]
                case .statusChanged(let from, let to, let note):
                    record.changes = [FieldChange(field: "status", before: from.rawValue, after: to.rawValue)]
                    record.note = note
                case .priorityChanged(let from, let to, let justification):
                    record.changes = [FieldChange(field: "priority", before: from.rawValue, after: to.rawValue)]
                    record.note = justification
                case .comment(let body, let visibility):
                    record.visibility = visibility
                    let id = UUID.timeOrdered(at: event.at)
                    commentID = id
                    comments.append([BulkValue(id), BulkValue(ticketID), BulkValue(actor?.id), BulkValue(body), BulkValue(visibility.rawValue), BulkValue(event.at)])
                case .fieldChanged(let name, let from, let to):
                    record.changes = [FieldChange(field: name, before: from, after: to)]
                }
                let changes = FieldChange.json(record.changes)
                stored.append(ReportProjection.StoredEvent(ticketID: ticketID, kind: record.kind, at: event.at, actor: actor?.id, changes: record.changes))
                events.append([
                    BulkValue(ticketID), BulkValue(record.kind.rawValue), BulkValue(record.visibility.rawValue), BulkValue(actor?.id),
                    BulkValue(actor?.displayName ?? Acting.system.name), BulkValue(event.at), BulkValue(changes), BulkValue(record.note), BulkValue(commentID),
                ])
            }
            if ticket.category != .test {
                histories.append(ReportProjection.TicketEvents(
                    ticketID: ticketID, submitter: people.user(for: EmailAddress.normalise(ticket.submitter.email))?.id, events: stored))
            }
        }
        try await BulkInsert.run(
            into: CommentModel.schema, columns: ["id", "ticket_id", "author_id", "body", "visibility", "created_at"], rows: comments, on: sql)
        try await BulkInsert.run(
            into: TicketEventModel.schema,
            columns: ["ticket_id", "kind", "visibility", "actor_id", "actor_name", "at", "changes", "note", "comment_id"], rows: events, on: sql)
        return histories
    }
}

/// The units a history may name, by current or former name.
struct ImportUnits: Sendable {
    var byName: [String: SupportUnitModel]

    static func load(on database: any Database) async throws -> ImportUnits {
        let units = try await SupportUnitModel.query(on: database).all()
        let byID = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit) } })
        var byName: [String: SupportUnitModel] = [:]
        for (name, id) in try await ReportProjection.UnitNames.load(on: database).ids { byName[name] = byID[id] }
        return ImportUnits(byName: byName)
    }

    func unit(named name: String) -> SupportUnitModel? { byName[name] }
}

/// The accounts of the people a batch names, made as needed.
struct ImportPeople: Sendable {
    /// An account as the import writes it (plain values: the model's property wrappers cost
    /// a measurable part of a large import when read for every event).
    struct Person: Sendable {
        var id: UUID
        var displayName: String
    }

    var byEmail: [String: Person]
    /// Made in the current ticket's savepoint, forgotten again if it is rolled back.
    private var madeForCurrentTicket: [String] = []
    private var pretended: Set<String> = []

    init(byEmail: [String: Person]) { self.byEmail = byEmail }

    static func load(emails: Set<String>, on database: any Database) async throws -> ImportPeople {
        var byEmail: [String: Person] = [:]
        for chunk in Array(emails).chunked(into: 500) {
            for user in try await UserModel.query(on: database).filter(\.$email ~~ chunk).all() {
                byEmail[user.email] = Person(id: try user.requireID(), displayName: user.displayName)
            }
        }
        return ImportPeople(byEmail: byEmail)
    }

    func user(for email: String) -> Person? { byEmail[email] }

    func missing(for ticket: HistoryTicket) -> [String] {
        var seen: Set<String> = []
        return HistoryImport.people(in: ticket).filter { byEmail[$0] == nil && !pretended.contains($0) && seen.insert($0).inserted }
    }

    mutating func pretendCreated(_ emails: [String]) { pretended.formUnion(emails) }

    /// Accounts without a usable password; the submitter gets their name, others their address.
    mutating func create(_ emails: [String], ticket: HistoryTicket, in context: ChangeContext) async throws -> Int {
        madeForCurrentTicket = []
        let submitter = EmailAddress.normalise(ticket.submitter.email)
        for email in emails {
            let name = email == submitter ? ticket.submitter.name : email
            let user = UserModel(email: email, displayName: String(name.prefix(120)), passwordHash: PasswordHashing.unusable, isAdmin: false,
                                 createdAt: context.now)
            try await user.create(on: context.database)
            byEmail[email] = Person(id: try user.requireID(), displayName: user.displayName)
            madeForCurrentTicket.append(email)
        }
        return emails.count
    }

    mutating func forgetCreated() {
        for email in madeForCurrentTicket { byEmail[email] = nil }
        madeForCurrentTicket = []
    }
}

/// Reads a file line by line without holding it whole; counts lines from 1 and bytes read.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var number = 0
    private var finished = false
    private(set) var bytesRead = 0

    init(handle: FileHandle) { self.handle = handle }

    func next() throws -> (Int, String)? {
        while true {
            if let newline = buffer[cursor...].firstIndex(of: 0x0A) {
                var end = newline
                if end > cursor && buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[cursor..<end]), as: UTF8.self) }
                cursor = newline + 1
                number += 1
                return (number, line)
            }
            if finished {
                guard cursor < buffer.count else { return nil }
                let line = buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[cursor...]), as: UTF8.self) }
                cursor = buffer.count
                number += 1
                return (number, line)
            }
            buffer.removeFirst(cursor)
            cursor = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { finished = true } else {
                bytesRead += chunk.count
                buffer.append(contentsOf: chunk)
            }
        }
    }
}
