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
    var batchSize = 1000

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
        var seen: [String: Int] = [:]
        let size = batchSize
        var next = Task.detached { try Self.readBatch(reader, size: size) }
        while true {
            let read = try await next.value
            if !read.finished { next = Task.detached { try Self.readBatch(reader, size: size) } }
            if read.lastLine > 0 { summary.lines = read.lastLine }
            summary.refusals += read.refusals
            if !read.batch.isEmpty { try await load(read.batch, into: &summary, seen: &seen) }
            progress(summary, read.bytesRead)
            if read.finished { break }
        }
        summary.refusals.sort { $0.line < $1.line }
        return summary
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
        var seen: [String: Int] = [:]
        var batch: [Pending] = []
        for (index, ticket) in tickets.enumerated() {
            switch Result(catching: { () throws(HistoryFile.Refusal) in try HistoryFile.outcome(of: ticket) }) {
            case .failure(let refusal): summary.refusals.append(Refusal(line: index + 1, reason: refusal.reason))
            case .success(let outcome): batch.append(Pending(line: index + 1, ticket: ticket, outcome: outcome))
            }
            if batch.count >= batchSize {
                try await load(batch, into: &summary, seen: &seen)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await load(batch, into: &summary, seen: &seen) }
        summary.lines = tickets.count
        return summary
    }

    /// One batch in one transaction. The tickets that pass every check are written together
    /// (tickets, comments and events in multi-row statements); should the database still refuse
    /// that, the batch is undone and written again one ticket at a time, each in a savepoint of
    /// its own, so that only the refused ticket is left out. `seen` holds the external ids this
    /// run imported, with their lines: a later line with the same id is refused.
    private func load(_ batch: [Pending], into summary: inout Summary, seen: inout [String: Int]) async throws {
        let dryRun = self.dryRun
        let earlier = seen
        let (outcome, accepted) = try await helpdesk.change(by: .system) { context -> (Summary, [String: Int]) in
            var result = Summary()
            var seen = earlier
            let database = context.database
            let sql = database as! any SQLDatabase
            let units = try await ImportUnits.load(on: database)
            let existing = Set(try await sql.select().column("external_id").from(TicketModel.schema)
                .where("external_id", .in, batch.map(\.ticket.externalID)).all().map { try $0.decode(column: "external_id", as: String.self) })
            var people = try await ImportPeople.load(emails: Self.emails(in: batch), on: database)
            var candidates: [Pending] = []
            for pending in batch {
                if let line = seen[pending.ticket.externalID] {
                    result.refusals.append(Refusal(line: pending.line, reason: "external_id '\(pending.ticket.externalID)' is on line \(line) already"))
                } else if existing.contains(pending.ticket.externalID) {
                    result.alreadyThere += 1
                } else if let unknown = Self.unitNames(in: pending.ticket).first(where: { units.unit(named: $0) == nil }) {
                    result.refusals.append(Refusal(line: pending.line, reason: "there is no support unit '\(unknown)' (create it, or give --units FILE.json)"))
                } else {
                    seen[pending.ticket.externalID] = pending.line
                    candidates.append(pending)
                }
            }
            if dryRun {
                for pending in candidates {
                    result.imported += 1
                    result.events += pending.ticket.events.count
                    result.peopleCreated += people.missing(for: pending.ticket).count
                    people.pretendCreated(people.missing(for: pending.ticket))
                }
                return (result, seen)
            }
            var imported: [Int] = []
            var refreshed = false
            try await sql.raw("SAVEPOINT import_batch").run()
            do {
                for pending in candidates {
                    result.peopleCreated += try await people.create(people.missing(for: pending.ticket), ticket: pending.ticket, in: context)
                }
                imported = try await Self.storeTogether(candidates, units: units, people: people, on: database)
                refreshed = true
                try await sql.raw("RELEASE SAVEPOINT import_batch").run()
                result.imported += candidates.count
                result.events += candidates.reduce(0) { $0 + $1.ticket.events.count }
            } catch {
                result.batchesRetriedOneByOne += 1
                try await sql.raw("ROLLBACK TO SAVEPOINT import_batch").run()
                try await sql.raw("RELEASE SAVEPOINT import_batch").run()
                people = try await ImportPeople.load(emails: Self.emails(in: batch), on: database)
                result.peopleCreated = 0
                for (index, pending) in candidates.enumerated() {
                    let savepoint = "import_\(index)"
                    try await sql.raw("SAVEPOINT \(unsafeRaw: savepoint)").run()
                    do {
                        let created = try await people.create(people.missing(for: pending.ticket), ticket: pending.ticket, in: context)
                        let row = Self.ticketRow(pending, units: units, people: people)
                        try await row.create(on: database)
                        try await Self.storeHistory(of: [(pending, try row.requireID())], people: people, units: units, on: sql)
                        try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: savepoint)").run()
                        imported.append(try row.requireID())
                        result.imported += 1
                        result.events += pending.ticket.events.count
                        result.peopleCreated += created
                    } catch {
                        try await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: savepoint)").run()
                        people.forgetCreated()
                        seen[pending.ticket.externalID] = nil
                        result.refusals.append(Refusal(line: pending.line, reason: "the database refused it: \(String(reflecting: error))"))
                    }
                }
            }
            if !imported.isEmpty && !refreshed {
                try await ReportProjection.refresh(ticketIDs: imported, units: ReportProjection.UnitNames.load(on: database), on: database)
            }
            return (result, seen)
        }
        seen = accepted
        summary.imported += outcome.imported
        summary.alreadyThere += outcome.alreadyThere
        summary.events += outcome.events
        summary.peopleCreated += outcome.peopleCreated
        summary.refusals += outcome.refusals
        summary.batchesRetriedOneByOne += outcome.batchesRetriedOneByOne
        summary.refusals.sort { $0.line < $1.line }
    }

    /// Ticket numbers for `count` new tickets, taken in the open transaction: on PostgreSQL from
    /// the table's sequence; on SQLite (one writer, which holds the lock) after the highest
    /// number used so far.
    private static func reserveTicketIDs(_ count: Int, on database: any Database) async throws -> [Int] {
        guard count > 0 else { return [] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable { var id: Int }
        if DatabaseSetup.isSQLite(database) {
            // The table is not AUTOINCREMENT: SQLite itself numbers a new row after the highest.
            struct Highest: Decodable { var highest: Int? }
            let highest = try await sql.raw("SELECT MAX(id) AS highest FROM tickets").first(decoding: Highest.self)?.highest ?? 0
            return Array((highest + 1)...(highest + count))
        }
        return try await sql.raw("""
            SELECT nextval(pg_get_serial_sequence('tickets', 'id'))::bigint AS id FROM generate_series(1, \(bind: count))
            """).all(decoding: Row.self).map(\.id)
    }

    /// The tickets, their comments and their events, in multi-row statements; returns the numbers.
    /// (Plain SQL, not Fluent's models: building a model's input by reflection cost more than
    /// the rest of the import together.)
    private static func storeTogether(_ batch: [Pending], units: ImportUnits, people: ImportPeople, on database: any Database) async throws -> [Int] {
        let ids = try await reserveTicketIDs(batch.count, on: database)
        let sql = database as! any SQLDatabase
        try await ReportProjection.insert(into: TicketModel.schema, columns: ticketColumns,
                                          rows: zip(batch, ids).map { ticketValues($0, id: $1, units: units, people: people) }, on: sql)
        let histories = try await storeHistory(of: Array(zip(batch, ids)), people: people, units: units, on: sql)
        // New tickets: their projection rows come from the events just written, without reading them back.
        try await ReportProjection.write(histories, units: ReportProjection.UnitNames.load(on: database), replacing: nil, on: sql)
        return ids
    }

    /// The columns `ticketValues` fills; the others start empty, as for a ticket filed here.
    static let ticketColumns = [
        "id", "external_id", "subject", "subject_folded", "description", "type", "category", "priority", "priority_rank", "status",
        "affected_site", "vo", "component", "component_version", "fixed_version", "fixed_component", "eta", "cc", "notification_mode",
        "support_unit_id", "assignee_id", "submitter_id", "created_at", "updated_at", "public_updated_at", "status_since", "escalation_step",
    ]

    private static func ticketValues(_ pending: Pending, id: Int, units: ImportUnits, people: ImportPeople) -> [any SQLExpression] {
        let row = ticketRow(pending, units: units, people: people)
        return [
            ReportProjection.value(id), ReportProjection.value(row.externalID), ReportProjection.value(row.subject), ReportProjection.value(row.subjectFolded), ReportProjection.value(row.description),
            ReportProjection.value(row.type.rawValue), ReportProjection.value(row.category.rawValue), ReportProjection.value(row.priority.rawValue), ReportProjection.value(row.priorityRank),
            ReportProjection.value(row.status.rawValue), ReportProjection.value(row.affectedSite), ReportProjection.value(row.virtualOrganisation), ReportProjection.value(row.component),
            ReportProjection.value(row.componentVersion), ReportProjection.value(row.fixedVersion), ReportProjection.value(row.fixedComponent), ReportProjection.value(row.eta), ReportProjection.value(row.cc),
            ReportProjection.value(row.notificationMode.rawValue), ReportProjection.value(row.$supportUnit.id), ReportProjection.value(row.$assignee.id), ReportProjection.value(row.$submitter.id),
            ReportProjection.value(row.createdAt), ReportProjection.value(row.updatedAt), ReportProjection.value(row.publicUpdatedAt), ReportProjection.value(row.statusSince), ReportProjection.value(row.escalationStep),
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

    /// The ticket row as its history leaves it.
    private static func ticketRow(_ pending: Pending, units: ImportUnits, people: ImportPeople) -> TicketModel {
        let ticket = pending.ticket, outcome = pending.outcome
        func field(_ name: String) -> String? { outcome.fields[name] ?? nil }
        let row = TicketModel()
        row.externalID = ticket.externalID
        row.setSubject(field("subject") ?? ticket.subject)
        row.description = ticket.description
        row.type = ticket.type
        row.category = ticket.category
        row.setPriority(outcome.priority)
        row.status = outcome.status
        row.affectedSite = field("affectedSite")
        row.virtualOrganisation = field("vo")
        row.component = field("component")
        row.componentVersion = field("componentVersion")
        row.fixedVersion = field("fixedVersion")
        row.fixedComponent = field("fixedComponent")
        row.eta = field("eta").flatMap(HistoryFile.parseInstant)
        row.cc = field("cc").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        row.notificationMode = field("notificationMode").flatMap(NotificationMode.init(rawValue:)) ?? .default
        row.$supportUnit.id = units.unit(named: outcome.unit)!.id!
        row.$assignee.id = outcome.assignee.flatMap { people.user(for: $0)?.id }
        row.$submitter.id = people.user(for: EmailAddress.normalise(ticket.submitter.email))!.id!
        row.createdAt = ticket.createdAt
        row.updatedAt = outcome.updatedAt
        row.publicUpdatedAt = outcome.publicUpdatedAt
        row.statusSince = outcome.statusSince
        row.escalationStep = 0
        return row
    }

    /// The comments and events of tickets whose rows exist, in multi-row statements; returns
    /// the events as the report projection reads them.
    @discardableResult
    private static func storeHistory(of tickets: [(Pending, Int)], people: ImportPeople, units: ImportUnits, on sql: any SQLDatabase) async throws
        -> [ReportProjection.TicketEvents]
    {
        var comments: [[any SQLExpression]] = []
        var events: [[any SQLExpression]] = []
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
                        FieldChange(field: "assigneeID", before: nil, after: user?.id?.uuidString),
                    ]
                case .statusChanged(let from, let to, let note):
                    record.changes = [FieldChange(field: "status", before: from.rawValue, after: to.rawValue)]
                    record.note = note
                case .priorityChanged(let from, let to, let justification):
                    record.changes = [FieldChange(field: "priority", before: from.rawValue, after: to.rawValue)]
                    record.note = justification
                case .comment(let body, let visibility):
                    record.visibility = visibility
                    let id = UUID()
                    commentID = id
                    comments.append([ReportProjection.value(id), ReportProjection.value(ticketID), ReportProjection.value(actor?.id), ReportProjection.value(body), ReportProjection.value(visibility.rawValue), ReportProjection.value(event.at)])
                case .fieldChanged(let name, let from, let to):
                    record.changes = [FieldChange(field: name, before: from, after: to)]
                }
                let changes = FieldChange.json(record.changes)
                stored.append(ReportProjection.StoredEvent(ticketID: ticketID, kind: record.kind, at: event.at, actor: actor?.id, changes: record.changes))
                events.append([
                    ReportProjection.value(ticketID), ReportProjection.value(record.kind.rawValue), ReportProjection.value(record.visibility.rawValue), ReportProjection.value(actor?.id),
                    ReportProjection.value(actor?.displayName ?? Acting.system.name), ReportProjection.value(event.at), ReportProjection.value(changes), ReportProjection.value(record.note), ReportProjection.value(commentID),
                ])
            }
            if ticket.category != .test {
                histories.append(ReportProjection.TicketEvents(
                    ticketID: ticketID, submitter: people.user(for: EmailAddress.normalise(ticket.submitter.email))?.id, events: stored))
            }
        }
        try await ReportProjection.insert(
            into: CommentModel.schema, columns: ["id", "ticket_id", "author_id", "body", "visibility", "created_at"], rows: comments, on: sql)
        try await ReportProjection.insert(
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
    var byEmail: [String: UserModel]
    /// Made in the current ticket's savepoint, forgotten again if it is rolled back.
    private var madeForCurrentTicket: [String] = []
    private var pretended: Set<String> = []

    init(byEmail: [String: UserModel]) { self.byEmail = byEmail }

    static func load(emails: Set<String>, on database: any Database) async throws -> ImportPeople {
        var byEmail: [String: UserModel] = [:]
        for chunk in Array(emails).chunked(into: 500) {
            for user in try await UserModel.query(on: database).filter(\.$email ~~ chunk).all() { byEmail[user.email] = user }
        }
        return ImportPeople(byEmail: byEmail)
    }

    func user(for email: String) -> UserModel? { byEmail[email] }

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
            byEmail[email] = user
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
