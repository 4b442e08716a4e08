import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/tickets`: filing, reading and working on tickets.
struct TicketsController: RouteCollection {
    let attachmentMaxBytes: Int

    func boot(routes: any RoutesBuilder) throws {
        let tickets = routes.grouped("tickets")
        tickets.post(use: create)
        tickets.get(use: list)
        tickets.post("bulk-changes", use: bulkChange)
        let ticket = tickets.grouped(":ticketID")
        ticket.get(use: show)
        ticket.patch(use: edit)
        ticket.get("events", use: events)
        ticket.post("comments", use: comment)
        ticket.post("assignment", use: assign)
        ticket.post("status", use: changeStatus)
        ticket.post("priority", use: changePriority)
        ticket.post("involvements", use: involve)
        ticket.post("links", use: link)
        ticket.post("escalations", use: escalate)
        ticket.post("sweep-notes", use: sweepNote)
        ticket.get("subscription", use: subscription)
        ticket.put("subscription", use: subscribe)
        ticket.delete("subscription", use: unsubscribe)
        // Multipart framing adds a little to the file itself.
        ticket.post(["attachments"], acceptingBodiesUpTo: ByteCount(value: attachmentMaxBytes + 64 * 1024), use: attach)
        ticket.get("attachments", ":attachmentID", use: download)
    }

    /// One change to several tickets, each in its own event and checked by the rules of the same
    /// change to one ticket; what changed and what was refused.
    func bulkChange(_ request: Request) async throws -> BulkChangeResponse {
        let acting = try request.signedIn.acting
        let input = try request.content.decode(BulkChangeInput.self)
        let outcome = try await request.helpdesk.tickets.bulkChange(input.tickets, try input.chosenChange(), by: acting)
        return BulkChangeResponse(changed: outcome.changed, refused: outcome.refused.map { .init(ticket: $0.ticket, reason: $0.reason) })
    }

    private func ticketID(_ request: Request) throws -> Int {
        guard let text = request.parameters.get("ticketID"), let id = Int(text), id > 0 else {
            throw HelpdeskError.notFound("There is no ticket '\(request.parameters.get("ticketID") ?? "")'.")
        }
        return id
    }

    /// The ticket as the API shows it to the signed-in person.
    static func detail(_ request: Request, _ id: Int) async throws -> Response {
        let detail = try await request.helpdesk.ticketQueries.ticketDetail(id, for: try request.signedIn.principal)
        return try await TicketResponse(detail, now: request.application.clock.now()).encodeResponse(for: request)
    }

    /// 201 with the new ticket as a `GET` shows it, built from what the change wrote.
    func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(NewTicketInput.self)
        let signedIn = try request.signedIn
        let ticket = try await request.helpdesk.tickets.createTicket(input, by: signedIn.acting)
        let detail = try TicketQueries.detail(ofNewTicket: ticket, submitter: signedIn.user, for: signedIn.principal)
        let response = try await TicketResponse(detail, now: request.application.clock.now()).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/tickets/\(try ticket.requireID())")
        return response
    }

    func list(_ request: Request) async throws -> TicketListResponse {
        let filter = try TicketListParameters.filter(from: request.url)
        let actor = try request.signedIn.principal
        let page = try await request.helpdesk.ticketQueries.listTickets(filter, for: actor)
        let now = request.application.clock.now()
        let seesInternal = actor.isSupporter || actor.isAdmin
        return TicketListResponse(items: try page.tickets.map { try TicketSummaryResponse($0, now: now, seesInternal: seesInternal) },
                                  nextCursor: page.nextCursor)
    }

    func show(_ request: Request) async throws -> Response {
        try await Self.detail(request, try ticketID(request))
    }

    func edit(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let input = try request.content.decode(TicketEditInput.self)
        try await request.helpdesk.tickets.editTicket(ticketID: id, input, by: try request.signedIn.acting)
        return try await Self.detail(request, id)
    }

    func escalate(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = request.body.data == nil ? EscalationRequest(reason: nil) : try request.content.decode(EscalationRequest.self)
        try await request.helpdesk.escalation.escalate(ticketID: id, reason: body.reason, by: try request.signedIn.acting)
        return try await Self.detail(request, id)
    }

    func sweepNote(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(SweepNoteRequest.self)
        let event = try await request.helpdesk.sweep.addSweepNote(ticketID: id, note: body.note, by: try request.signedIn.acting)
        return try await EventResponse(TicketHistoryEntry(event: event, commentBody: nil), attachmentNames: [:])
            .encodeResponse(status: .created, for: request)
    }

    func events(_ request: Request) async throws -> [EventResponse] {
        let id = try ticketID(request)
        let actor = try request.signedIn.principal
        let history = try await request.helpdesk.ticketQueries.history(ofTicket: id, for: actor)
        let names = try await request.helpdesk.ticketQueries.attachmentNames(history.compactMap { $0.event.$attachment.id })
        return try history.map { try EventResponse($0, attachmentNames: names) }
    }

    func comment(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(CommentRequest.self)
        var errors = FieldErrors()
        let visibility = parseEnum(body.visibility, as: Visibility.self, field: "visibility", default: .public, into: &errors)!
        try HelpdeskError.check(errors)
        let comment = try await request.helpdesk.tickets.addComment(ticketID: id, body: body.body, visibility: visibility, template: body.template,
                                                                    by: try request.signedIn.acting)
        return try await CommentResponse(
            id: try comment.requireID(), ticket: id, body: comment.body, visibility: comment.visibility, createdAt: comment.createdAt
        ).encodeResponse(status: .created, for: request)
    }

    func assign(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(AssignmentRequest.self)
        var errors = FieldErrors()
        let noteVisibility = parseEnum(body.noteVisibility, as: Visibility.self, field: "noteVisibility", default: .public, into: &errors)!
        try HelpdeskError.check(errors)
        try await request.helpdesk.tickets.assign(
            ticketID: id, unit: body.supportUnit, assignee: body.assignee, note: body.note, noteVisibility: noteVisibility,
            by: try request.signedIn.acting)
        return try await Self.detail(request, id)
    }

    func changeStatus(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(StatusRequest.self)
        var errors = FieldErrors()
        let status = parseEnum(body.status, as: TicketStatus.self, field: "status", default: nil, into: &errors)
        try HelpdeskError.check(errors)
        try await request.helpdesk.tickets.changeStatus(ticketID: id, to: status!, note: body.note, by: try request.signedIn.acting)
        return try await Self.detail(request, id)
    }

    func changePriority(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(PriorityRequest.self)
        var errors = FieldErrors()
        let priority = parseEnum(body.priority, as: TicketPriority.self, field: "priority", default: nil, into: &errors)
        try HelpdeskError.check(errors)
        try await request.helpdesk.tickets.changePriority(ticketID: id, to: priority!, justification: body.justification, by: try request.signedIn.acting)
        return try await Self.detail(request, id)
    }

    func involve(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(InvolvementRequest.self)
        let involvement = try await request.helpdesk.tickets.involve(ticketID: id, unit: body.supportUnit, user: body.user, by: try request.signedIn.acting)
        return try await InvolvementResponse(
            id: try involvement.requireID(), ticket: id, supportUnit: involvement.$unit.id, user: involvement.$user.id
        ).encodeResponse(status: .created, for: request)
    }

    func link(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        let body = try request.content.decode(LinkRequest.self)
        var errors = FieldErrors()
        let kind = parseEnum(body.kind, as: TicketLinkKind.self, field: "kind", default: nil, into: &errors)
        try HelpdeskError.check(errors)
        try await request.helpdesk.tickets.link(ticketID: id, kind: kind!, to: body.ticket, by: try request.signedIn.acting)
        return try await LinkResponse(kind: kind!, ticket: body.ticket).encodeResponse(status: .created, for: request)
    }

    /// Whether the caller is mailed about the ticket's public events as a subscriber.
    struct SubscriptionResponse: Content {
        var subscribed: Bool
    }

    func subscription(_ request: Request) async throws -> SubscriptionResponse {
        SubscriptionResponse(subscribed: try await request.helpdesk.ticketQueries.isSubscribed(ticketID: try ticketID(request), principal: try request.signedIn.principal))
    }

    func subscribe(_ request: Request) async throws -> SubscriptionResponse {
        SubscriptionResponse(subscribed: try await request.helpdesk.tickets.setSubscribed(true, ticketID: try ticketID(request), by: try request.signedIn.acting))
    }

    func unsubscribe(_ request: Request) async throws -> SubscriptionResponse {
        SubscriptionResponse(subscribed: try await request.helpdesk.tickets.setSubscribed(false, ticketID: try ticketID(request), by: try request.signedIn.acting))
    }

    /// multipart/form-data with a `file` part and an optional `visibility` part.
    func attach(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        guard request.headers.contentType?.type == "multipart" else {
            throw HelpdeskError.invalid("file", "Send the file as multipart/form-data with a part named 'file'.")
        }
        struct Upload: Content {
            var file: File?
            var visibility: String?
        }
        let upload: Upload
        do {
            upload = try request.content.decode(Upload.self)
        } catch let unreadable as Problem {
            throw unreadable
        } catch {
            throw HelpdeskError.invalid("file", "The multipart body could not be read; send a part named 'file'.")
        }
        guard let file = upload.file else { throw HelpdeskError.invalid("file", "A part named 'file' is required.") }
        var errors = FieldErrors()
        let visibility = parseEnum(upload.visibility, as: Visibility.self, field: "visibility", default: .public, into: &errors)!
        try HelpdeskError.check(errors)
        let attachment = try await request.helpdesk.tickets.addAttachment(
            ticketID: id, filename: file.filename, contentType: file.contentType?.serialize(),
            data: Data(buffer: file.data), visibility: visibility, by: try request.signedIn.acting)
        let response = try await AttachmentResponse(attachment).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: try AttachmentResponse(attachment).url)
        return response
    }

    func download(_ request: Request) async throws -> Response {
        let id = try ticketID(request)
        guard let attachmentID = request.parameters.get("attachmentID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no such attachment.")
        }
        let attachment = try await request.helpdesk.ticketQueries.attachment(attachmentID, ofTicket: id, for: try request.signedIn.principal)
        return AttachmentDownload.response(attachment)
    }
}

struct BulkChangeResponse: Content {
    struct Refusal: Content {
        var ticket: Int
        var reason: String
    }

    var changed: [Int]
    var refused: [Refusal]
}
