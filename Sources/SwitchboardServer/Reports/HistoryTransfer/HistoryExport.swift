import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// Writes every ticket with its history in the format `HistoryImport` reads, ordered by filing
/// time, so that export → import into an empty helpdesk → export gives the same file.
///
/// What the format has no place for is left out: links, attachments, involvements, reminders,
/// escalations and sweep notes. A ticket filed in Switchboard gets `switchboard-<number>` as
/// its external id. Units are written by their current names (the history may name a renamed
/// unit by its former name); people by their addresses.
struct HistoryExport: Sendable {
    let helpdesk: Helpdesk
    var batchSize = 500

    /// Calls `write` with each line (without its line break); returns how many tickets were written.
    func run(write: (String) throws -> Void, progress: (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        let database = helpdesk.database
        let sql = database as! any SQLDatabase
        let order = try await sql.select().column("id").from(TicketModel.schema).orderBy("created_at").orderBy("id").all()
            .map { try $0.decode(column: "id", as: Int.self) }
        let unitNames = try await ReportProjection.UnitNames.load(on: database)
        let units = Dictionary(uniqueKeysWithValues: try await SupportUnitModel.query(on: database).all().compactMap { unit in unit.id.map { ($0, unit.name) } })
        func current(_ name: String?) -> String? { name.map { unitNames.ids[$0].flatMap { units[$0] } ?? $0 } }
        var written = 0
        for chunk in order.chunked(into: batchSize) {
            let tickets = Dictionary(uniqueKeysWithValues: try await TicketModel.query(on: database).filter(\.$id ~~ chunk).with(\.$submitter).all()
                .map { ($0.id!, $0) })
            let events = try await TicketEventModel.query(on: database).filter(\.$ticket.$id ~~ chunk)
                .filter(\.$kind ~~ [.created, .assignedToUnit, .assignedToPerson, .statusChanged, .priorityChanged, .commentPublic,
                                    .commentInternal, .fieldChanged])
                .sort(\.$ticket.$id).sort(\.$at).sort(\.$id).all()
            let commentIDs = events.compactMap { $0.$comment.id }
            var comments: [UUID: String] = [:]
            for part in commentIDs.chunked(into: 500) {
                for comment in try await CommentModel.query(on: database).filter(\.$id ~~ part).field(\.$id).field(\.$body).all() {
                    comments[comment.id!] = comment.body
                }
            }
            var peopleIDs = Set(events.compactMap { $0.$actor.id })
            for event in events { if let id = event.changes.first(where: { $0.field == "assigneeID" })?.after.flatMap { UUID(uuidString: $0) } { peopleIDs.insert(id) } }
            var emails: [UUID: String] = [:]
            var byName: [String: [String]] = [:]
            for part in Array(peopleIDs).chunked(into: 500) {
                for user in try await UserModel.query(on: database).filter(\.$id ~~ part).all() { emails[user.id!] = user.email }
            }
            // Older events name the responsible person only by name.
            let namesWithoutID = Set(events.filter { $0.kind == .assignedToPerson && !$0.changes.contains { $0.field == "assigneeID" } }
                .compactMap { $0.changes.first { $0.field == "assignee" }?.after })
            if !namesWithoutID.isEmpty {
                for user in try await UserModel.query(on: database).filter(\.$displayName ~~ Array(namesWithoutID)).all() {
                    byName[user.displayName, default: []].append(user.email)
                }
            }
            let grouped = Dictionary(grouping: events, by: { $0.$ticket.id })
            for id in chunk {
                guard let ticket = tickets[id] else { continue }
                let history = Self.history(
                    of: ticket, events: grouped[id] ?? [], comments: comments, unitName: current,
                    email: { emails[$0] }, emailForName: { byName[$0]?.count == 1 ? byName[$0]![0] : nil })
                try write(HistoryFile.line(history))
                written += 1
            }
            progress(written, order.count)
        }
        return written
    }

    static func history(
        of ticket: TicketModel, events: [TicketEventModel], comments: [UUID: String], unitName: (String?) -> String?,
        email: (UUID) -> String?, emailForName: (String) -> String?
    ) -> HistoryTicket {
        func actor(_ event: TicketEventModel) -> String {
            event.$actor.id.flatMap(email) ?? HistoryEvent.systemActor
        }
        let created = events.first { $0.kind == .created }
        func filed(_ field: String) -> String? { created?.changes.first { $0.field == field }?.after }
        var history: [HistoryEvent] = []
        var unit = unitName(filed("supportUnit")) ?? ""
        for event in events {
            func change(_ field: String) -> FieldChange? { event.changes.first { $0.field == field } }
            let who = actor(event)
            switch event.kind {
            case .created:
                history.append(HistoryEvent(at: event.at, actor: who, change: .created(
                    unit: unit, status: change("status")?.after.flatMap(TicketStatus.init(rawValue:)) ?? .new,
                    priority: change("priority")?.after.flatMap(TicketPriority.init(rawValue:)) ?? ticket.priority)))
            case .assignedToUnit:
                if let moved = change("supportUnit"), let to = unitName(moved.after) {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .assignedToUnit(from: unitName(moved.before) ?? unit, to: to)))
                    unit = to
                }
                for field in ["fixedComponent", "fixedVersion"] {
                    if let fixed = change(field) {
                        history.append(HistoryEvent(at: event.at, actor: who, change: .fieldChanged(field: field, from: fixed.before, to: fixed.after)))
                    }
                }
                if let status = change("status"), let from = status.before.flatMap(TicketStatus.init(rawValue:)),
                   let to = status.after.flatMap(TicketStatus.init(rawValue:)) {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .statusChanged(from: from, to: to, note: nil)))
                }
            case .assignedToPerson:
                let byID = change("assigneeID")?.after.flatMap { UUID(uuidString: $0) }.flatMap(email)
                if let person = byID ?? change("assignee")?.after.map({ emailForName($0) ?? $0 }) {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .assignedToPerson(unit: unit, person: person)))
                }
            case .statusChanged:
                if let status = change("status"), let from = status.before.flatMap(TicketStatus.init(rawValue:)),
                   let to = status.after.flatMap(TicketStatus.init(rawValue:)) {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .statusChanged(from: from, to: to, note: event.note)))
                }
            case .priorityChanged:
                if let priority = change("priority"), let from = priority.before.flatMap(TicketPriority.init(rawValue:)),
                   let to = priority.after.flatMap(TicketPriority.init(rawValue:)) {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .priorityChanged(from: from, to: to, justification: event.note)))
                }
            case .commentPublic, .commentInternal:
                if let body = event.$comment.id.flatMap({ comments[$0] }) {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .comment(
                        body: body, visibility: event.kind == .commentPublic ? .public : .internal)))
                }
            case .fieldChanged:
                // The format's field changes carry no visibility, and an import shows them to
                // the submitter: internal ones (an estimate, a draft known issue) stay here.
                guard event.visibility == .public else { break }
                for field in event.changes {
                    history.append(HistoryEvent(at: event.at, actor: who, change: .fieldChanged(field: field.field, from: field.before, to: field.after)))
                }
            default: break
            }
        }
        return HistoryTicket(
            externalID: ticket.externalID ?? "switchboard-\(ticket.id ?? 0)", type: ticket.type, category: ticket.category,
            priority: filed("priority").flatMap(TicketPriority.init(rawValue:)) ?? ticket.priority,
            subject: filed("subject") ?? ticket.subject, description: ticket.description,
            submitter: HistoryTicket.Person(email: ticket.submitter.email, name: ticket.submitter.displayName),
            vo: filed("vo"), site: filed("affectedSite"), component: filed("component"), componentVersion: filed("componentVersion"),
            createdAt: ticket.createdAt, events: history)
    }
}
