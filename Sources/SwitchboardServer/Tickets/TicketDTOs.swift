import Foundation
import SwitchboardCore
import Vapor

extension NewTicketInput: Content {}

struct UnitReference: Content {
    var id: UUID
    var name: String
    var tier: SupportTier

    init(_ unit: SupportUnitModel) throws {
        id = try unit.requireID()
        name = unit.name
        tier = unit.tier
    }
}

struct PersonReference: Content {
    var id: UUID
    var displayName: String

    init(_ user: UserModel) throws {
        id = try user.requireID()
        displayName = user.displayName
    }
}

struct LinkResponse: Content {
    var kind: TicketLinkKind
    var ticket: Int
}

struct AttachmentResponse: Content {
    var id: UUID
    var filename: String
    var contentType: String
    var size: Int
    var visibility: Visibility
    var createdAt: Date
    var url: String

    init(_ attachment: AttachmentModel) throws {
        id = try attachment.requireID()
        filename = attachment.filename
        contentType = attachment.contentType
        size = attachment.size
        visibility = attachment.visibility
        createdAt = attachment.createdAt
        url = "/api/v1/tickets/\(attachment.$ticket.id)/attachments/\(try attachment.requireID())"
    }
}

/// The current unit's response clock on a ticket.
struct ResponseInfo: Content {
    var startedAt: Date
    var dueAt: Date
    var respondedAt: Date?
    /// Green, yellow, amber, red (0–50–75–100% of the target); frozen at the response.
    var colour: ResponseColour?
    /// The target passed without a reaction.
    var overdue: Bool

    init?(_ ticket: TicketModel, now: Date) {
        guard let started = ticket.responseStartedAt, let due = ticket.responseDueAt else { return nil }
        startedAt = started
        dueAt = due
        respondedAt = ticket.respondedAt
        colour = ticket.responseColour(at: now)
        overdue = ticket.isResponseOverdue(at: now)
    }
}

/// A ticket as its reader may see it.
struct TicketResponse: Content {
    var id: Int
    var subject: String
    var description: String
    var type: TicketType
    var category: TicketCategory
    var priority: TicketPriority
    var status: TicketStatus
    var affectedSite: String?
    var vo: String?
    var component: String?
    var componentVersion: String?
    var cc: [String]
    var notificationMode: NotificationMode
    var supportUnit: UnitReference
    var assignee: PersonReference?
    var submitter: PersonReference
    var involvedUnits: [UnitReference]
    var involvedUsers: [PersonReference]
    var links: [LinkResponse]
    var attachments: [AttachmentResponse]
    var eta: Date?
    var fixedVersion: String?
    /// The catalogue component of the fix, once the product team recorded it.
    var fixedComponent: String?
    /// The release whose arrival in production closed the ticket.
    var closedByRelease: UUID?
    var createdAt: Date
    var updatedAt: Date
    /// Absent for best effort.
    var response: ResponseInfo?
    /// Steps the submitter has escalated with the current unit (0–3).
    var escalationStep: Int
    /// What a very urgent or top-priority ticket still lacks: responsible-person, eta.
    var attention: [HighPriorityRules.Requirement]

    init(_ detail: TicketDetail, now: Date) throws {
        let ticket = detail.ticket
        id = try ticket.requireID()
        subject = ticket.subject
        description = ticket.description
        type = ticket.type
        category = ticket.category
        priority = ticket.priority
        status = ticket.status
        affectedSite = ticket.affectedSite
        vo = ticket.virtualOrganisation
        component = ticket.component
        componentVersion = ticket.componentVersion
        cc = ticket.cc
        notificationMode = ticket.notificationMode
        supportUnit = try UnitReference(detail.unit)
        assignee = try detail.assignee.map(PersonReference.init)
        submitter = try PersonReference(detail.submitter)
        involvedUnits = try detail.involvedUnits.map(UnitReference.init)
        involvedUsers = try detail.involvedUsers.map(PersonReference.init)
        links = detail.links.map { LinkResponse(kind: $0.kind, ticket: $0.ticketID) }
        attachments = try detail.attachments.map(AttachmentResponse.init)
        eta = ticket.eta
        fixedVersion = ticket.fixedVersion
        fixedComponent = ticket.fixedComponent
        closedByRelease = ticket.closedByReleaseID
        createdAt = ticket.createdAt
        updatedAt = ticket.updatedAt(seesInternal: detail.readerSeesInternal)
        response = ResponseInfo(ticket, now: now)
        escalationStep = ticket.escalationStep ?? 0
        attention = HighPriorityRules.missing(
            priority: ticket.priority, status: ticket.status, tier: detail.unit.tier, hasResponsible: ticket.$assignee.id != nil,
            hasETA: ticket.eta != nil)
    }
}

/// A ticket in a list.
struct TicketSummaryResponse: Content {
    var id: Int
    var subject: String
    var category: TicketCategory
    var priority: TicketPriority
    var status: TicketStatus
    var supportUnit: UUID
    var submitter: UUID
    var assignee: UUID?
    var createdAt: Date
    var updatedAt: Date
    var responseColour: ResponseColour?
    /// While the unit has not reacted.
    var responseDueAt: Date?

    init(_ ticket: TicketModel, now: Date, seesInternal: Bool) throws {
        id = try ticket.requireID()
        subject = ticket.subject
        category = ticket.category
        priority = ticket.priority
        status = ticket.status
        supportUnit = ticket.$supportUnit.id
        submitter = ticket.$submitter.id
        assignee = ticket.$assignee.id
        createdAt = ticket.createdAt
        updatedAt = ticket.updatedAt(seesInternal: seesInternal)
        responseColour = ticket.responseColour(at: now)
        responseDueAt = ticket.respondedAt == nil && ticket.status.isOpen ? ticket.responseDueAt : nil
    }
}

struct TicketListResponse: Content {
    var items: [TicketSummaryResponse]
    /// Pass as `cursor` to get the next page; absent on the last page.
    var nextCursor: String?
}

struct EventActor: Content {
    var id: UUID?
    var name: String
}

struct EventComment: Content {
    var id: UUID
    var body: String
    /// For a reply by mail: the earlier text it quoted.
    var quoted: String?
}

struct EventAttachment: Content {
    var id: UUID
    var filename: String
}

struct EventResponse: Content {
    var id: Int
    var ticket: Int
    var kind: TicketEventKind
    var visibility: Visibility
    var actor: EventActor
    var at: Date
    var changes: [FieldChange]
    var note: String?
    /// For automatic actions: the rule that caused it.
    var rule: String?
    var comment: EventComment?
    var attachment: EventAttachment?

    init(_ entry: TicketHistoryEntry, attachmentNames: [UUID: String]) throws {
        let event = entry.event
        id = try event.requireID()
        ticket = event.$ticket.id
        kind = event.kind
        visibility = event.visibility
        actor = EventActor(id: event.$actor.id, name: event.actorName)
        at = event.at
        changes = event.changes
        note = event.note
        rule = event.rule
        comment = zip(event.$comment.id, entry.commentBody).map { EventComment(id: $0, body: $1, quoted: entry.commentQuoted) }
        attachment = event.$attachment.id.map { EventAttachment(id: $0, filename: attachmentNames[$0] ?? "") }
    }
}

extension FieldChange: Content {}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

struct CommentRequest: Content {
    var body: String
    var visibility: String?
    /// The reply template the text came from, counted as used.
    var template: UUID?
}

struct CommentResponse: Content {
    var id: UUID
    var ticket: Int
    var body: String
    var visibility: Visibility
    var createdAt: Date
}

struct AssignmentRequest: Content {
    /// A unit's id or name.
    var supportUnit: String
    var assignee: UUID?
    var note: String?
    /// Visibility of the note: public (default) or internal.
    var noteVisibility: String?
}

struct StatusRequest: Content {
    var status: String
    var note: String?
}

struct PriorityRequest: Content {
    var priority: String
    var justification: String
}

struct InvolvementRequest: Content {
    var supportUnit: String?
    var user: UUID?
}

struct InvolvementResponse: Content {
    var id: UUID
    var ticket: Int
    var supportUnit: UUID?
    var user: UUID?
}

struct LinkRequest: Content {
    var kind: String
    var ticket: Int
}

extension ResponseColour: Content {}
extension HighPriorityRules.Requirement: Content {}

struct EscalationRequest: Content {
    var reason: String?
}

struct SweepNoteRequest: Content {
    var note: String
}
