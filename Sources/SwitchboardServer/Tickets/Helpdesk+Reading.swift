import Fluent
import Foundation
import SwitchboardCore

/// A ticket with what its page and its API answer show, already cut to what the reader may see.
public struct TicketDetail: Sendable {
    public var ticket: TicketModel
    public var unit: SupportUnitModel
    public var submitter: UserModel
    public var assignee: UserModel?
    public var involvedUnits: [SupportUnitModel]
    public var involvedUsers: [UserModel]
    /// Each link as seen from this ticket.
    public var links: [(kind: TicketLinkKind, ticketID: Int)]
    /// Without their bytes.
    public var attachments: [AttachmentModel]
    public var readerSeesInternal: Bool
    /// The facts the reader's permissions were decided on.
    public var access: TicketAccess
}

/// One history entry with the comment text it carries, if any.
public struct TicketHistoryEntry: Sendable {
    public var event: TicketEventModel
    public var commentBody: String?
    /// The text a mailed reply quoted, cut off its body.
    public var commentQuoted: String?
}

extension Helpdesk {
    public func ticketDetail(_ id: Int, for actor: Actor) async throws -> TicketDetail {
        let (ticket, access) = try await Self.readableTicket(id, by: actor, on: database)
        let seesInternal = Permissions.allows(actor, .seeInternal, on: access)
        async let unit = ticket.$supportUnit.current(on: database)
        async let submitter = ticket.$submitter.current(on: database)
        async let assignee = ticket.$assignee.current(on: database)
        async let involvedUnits = access.involvedUnitIDs.isEmpty ? [] :
            SupportUnitModel.query(on: database).filter(\.$id ~~ Array(access.involvedUnitIDs)).sort(\.$name).all()
        async let involvedUsers = access.involvedUserIDs.isEmpty ? [] :
            UserModel.query(on: database).filter(\.$id ~~ Array(access.involvedUserIDs)).sort(\.$displayName).all()
        async let outgoing = TicketLinkModel.query(on: database).filter(\.$source.$id == id).all()
        async let incoming = TicketLinkModel.query(on: database).filter(\.$target.$id == id).all()
        async let attachments = attachmentList(ticketID: id, includeInternal: seesInternal)
        let links = try await outgoing.map { (kind: $0.kind, ticketID: $0.$target.id) }
            + incoming.map { (kind: $0.kind.inverse, ticketID: $0.$source.id) }
        return TicketDetail(
            ticket: ticket, unit: try await unit, submitter: try await submitter, assignee: try await assignee,
            involvedUnits: try await involvedUnits, involvedUsers: try await involvedUsers,
            links: links.sorted { $0.ticketID < $1.ticketID },
            attachments: try await attachments, readerSeesInternal: seesInternal, access: access)
    }

    func attachmentList(ticketID: Int, includeInternal: Bool) async throws -> [AttachmentModel] {
        let query = AttachmentModel.query(on: database)
            .filter(\.$ticket.$id == ticketID)
            .field(\.$id).field(\.$ticket.$id).field(\.$uploader.$id).field(\.$filename).field(\.$contentType)
            .field(\.$size).field(\.$visibility).field(\.$createdAt)
            .sort(\.$createdAt)
        if !includeInternal { query.filter(\.$visibility == .public) }
        return try await query.all()
    }

    /// The ticket's history in order; internal entries only for those who may see them.
    public func history(ofTicket id: Int, for actor: Actor) async throws -> [TicketHistoryEntry] {
        let (_, access) = try await Self.readableTicket(id, by: actor, on: database)
        return try await history(ofTicket: id, includeInternal: Permissions.allows(actor, .seeInternal, on: access))
    }

    /// The history of a ticket whose reader was already checked.
    func history(ofTicket id: Int, includeInternal: Bool) async throws -> [TicketHistoryEntry] {
        let events = TicketEventModel.query(on: database).filter(\.$ticket.$id == id).sort(\.$id)
        let comments = CommentModel.query(on: database).filter(\.$ticket.$id == id)
        if !includeInternal {
            events.filter(\.$visibility == .public)
            comments.filter(\.$visibility == .public)
        }
        let found = Dictionary(uniqueKeysWithValues: try await comments.all().map { ($0.id!, $0) })
        return try await events.all().map { event in
            let comment = event.$comment.id.flatMap { found[$0] }
            let quoteVisible = includeInternal || comment?.quotedVisibility != .internal
            return TicketHistoryEntry(event: event, commentBody: comment?.body, commentQuoted: quoteVisible ? comment?.quoted : nil)
        }
    }

    /// One attachment with its bytes, if the actor may see it.
    public func attachment(_ attachmentID: UUID, ofTicket ticketID: Int, for actor: Actor) async throws -> AttachmentModel {
        let (_, access) = try await Self.readableTicket(ticketID, by: actor, on: database)
        guard let attachment = try await AttachmentModel.query(on: database)
            .filter(\.$id == attachmentID).filter(\.$ticket.$id == ticketID).first(),
            attachment.visibility == .public || Permissions.allows(actor, .seeInternal, on: access)
        else { throw HelpdeskError.notFound("Attachment \(attachmentID) does not exist on ticket #\(ticketID).") }
        return attachment
    }
}
