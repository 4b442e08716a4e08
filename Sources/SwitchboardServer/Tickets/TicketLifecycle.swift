import Fluent
import Foundation
import SwitchboardCore

/// The steps every ticket change is made of, inside the change's transaction: marking the
/// ticket updated, appending a comment, and setting a status with all that follows from it.
enum TicketLifecycle {
    static func touch(_ ticket: TicketModel, in context: ChangeContext) async throws {
        ticket.updatedAt = context.now
        try await ticket.save(on: context.database)
    }

    @discardableResult
    static func appendComment(
        _ text: String, visibility: Visibility, quoted: String? = nil, quotedVisibility: Visibility = .public, to ticket: TicketModel,
        in context: ChangeContext
    ) async throws -> CommentModel {
        let comment = CommentModel(
            ticketID: try ticket.requireID(), authorID: context.acting.principal.userID, body: text, visibility: visibility, createdAt: context.now)
        comment.quoted = quoted.map { String($0.prefix(TicketRules.commentMaxLength)) }
        // The quote is never more visible than the comment.
        comment.quotedVisibility = quoted == nil ? nil : (visibility == .internal ? .internal : quotedVisibility)
        try await comment.create(on: context.database)
        let kind: TicketEventKind = visibility == .internal ? .commentInternal : .commentPublic
        try await EventRecorder.record(TicketEventRecord(kind: kind, visibility: visibility), on: ticket, comment: comment, in: context)
        return comment
    }

    /// Sets a status, records the event, plans the status's timers and moves linked tickets.
    static func setStatus(
        _ ticket: TicketModel, to status: TicketStatus, note: String?, rule: String? = nil, alsoChanging changes: [FieldChange] = [],
        depth: Int = 0, in context: ChangeContext
    ) async throws {
        let previous = ticket.status
        ticket.status = status
        // Set here so that the ticket row is written once for the change (the event is public).
        ticket.statusSince = context.now
        ticket.publicUpdatedAt = context.now
        try await touch(ticket, in: context)
        try await EventRecorder.record(
            TicketEventRecord(kind: .statusChanged, changes: [FieldChange(field: "status", before: previous.rawValue, after: status.rawValue)] + changes,
                              note: note, rule: rule),
            on: ticket, in: context)
        try await statusChanged(ticket, from: previous, to: status, in: context)
        try await RelationPropagation.propagate(from: ticket, depth: depth, in: context)
    }

    /// Every status change passes here (a new ticket's `new` too, with no `previous` status): the
    /// waiting and on-hold intervals are recorded; a ticket that ends stops its response clock, a
    /// reopened one starts it again; the status's timers are planned in the unit's calendar.
    static func statusChanged(_ ticket: TicketModel, from previous: TicketStatus?, to status: TicketStatus, in context: ChangeContext) async throws {
        if ticket.statusSince != context.now {
            ticket.statusSince = context.now
            try await ticket.save(on: context.database)
        }
        try await recordPause(ticket, leaving: previous, entering: status, in: context)
        if status.isTerminal {
            try await ResponseClocks.end(ticket, respondedAt: nil, in: context)
        } else if status == .reopened {
            // The unit owes the reopened ticket a new first reaction.
            try await ResponseClocks.start(ticket, unit: try await context.unit(of: ticket), in: context)
        }
        try await StatusTimers.plan(ticket, enteringStatus: status, isNew: previous == nil, in: context)
    }

    /// Records a ticket's time in `waiting-for-reply` and `on-hold`: a pause is open only while
    /// the ticket is in one of them, so only leaving one ends it.
    static func recordPause(_ ticket: TicketModel, leaving previous: TicketStatus?, entering status: TicketStatus, in context: ChangeContext) async throws {
        let ticketID = try ticket.requireID()
        if let previous, StatusPauseModel.pausing.contains(previous) {
            try await StatusPauseModel.query(on: context.database).filter(\.$ticket.$id == ticketID).filter(\.$endedAt == nil)
                .set(\.$endedAt, to: context.now).update()
        }
        guard StatusPauseModel.pausing.contains(status) else { return }
        let pause = StatusPauseModel()
        pause.id = .randomV4()
        pause.$ticket.id = ticketID
        pause.status = status
        pause.startedAt = context.now
        try await pause.create(on: context.database)
    }

    /// The last path component, without control characters or quotes, at most 200 characters.
    static func safeFilename(_ filename: String) -> String {
        let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }
        return String(String.UnicodeScalarView(cleaned)).trimmingCharacters(in: .whitespaces).prefix(200).description
    }

    /// A plain `type/subtype`; anything else is served as `application/octet-stream`.
    static func safeContentType(_ contentType: String?) -> String {
        guard let value = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
              value.range(of: #"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$"#, options: .regularExpression) != nil
        else { return "application/octet-stream" }
        return value
    }
}
