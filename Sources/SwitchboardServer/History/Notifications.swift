import Fluent
import Foundation
import SwitchboardCore

/// The mail every event causes, written to the outbox in the event's own transaction: one
/// message for the supporters' side (which may carry internal text) and, for public events,
/// one for the submitter's side (submitter, CC, subscribers), as `NotificationRules` decide.
enum Notifications {
    /// Called by `EventRecorder` for every event of a change that notifies.
    static func enqueue(for event: TicketEventModel, on ticket: TicketModel, comment: CommentModel?, in context: ChangeContext) async throws {
        let database = context.database
        let settings = context.configuration
        let actor = context.acting.principal
        guard !NotificationRules.kindsWithoutNotification.contains(event.kind) else { return }
        let ticketID = try ticket.requireID()
        let unit = try await context.unit(of: ticket)
        guard let submitter = try await context.memo.user(ticket.$submitter.id, on: database) else { return }
        let responsible = try await ticket.$assignee.current(on: database)
        // A ticket being filed has nobody involved or subscribed yet.
        let isNew = event.kind == .created
        let involvements = isNew ? [] : try await InvolvementModel.query(on: database).filter(\.$ticket.$id == ticketID).all()
        let involvedUnitIDs = involvements.compactMap { $0.$unit.id }
        let involvedUserIDs = involvements.compactMap { $0.$user.id }
        let catalog = try await context.catalog()
        let involvedLists = involvedUnitIDs.compactMap { catalog.unit(id: $0)?.mailingList }
        let involvedPeople = involvedUserIDs.isEmpty ? [] : try await UserModel.query(on: database).filter(\.$id ~~ involvedUserIDs).all().map(\.email)
        let subscribers = isNew ? [] : try await TicketQueries.subscriberAddresses(ofTicket: ticketID, on: database)
        var wantsOwn = false
        if let actorID = actor.userID { wantsOwn = try await context.memo.user(actorID, on: database)?.notifyOwnChanges ?? false }
        let statusAfter = event.changes.first { $0.field == "status" }?.after.flatMap(TicketStatus.init(rawValue:))
        let recipients = NotificationRules.recipients(NotificationRules.Facts(
            kind: event.kind, visibility: event.visibility, statusAfter: statusAfter, actorEmail: actor.email, actorWantsOwnChanges: wantsOwn,
            unitList: unit.mailingList, responsible: responsible?.email, involvedUnitLists: involvedLists, involvedPeople: involvedPeople,
            submitter: submitter.email, submitterMode: ticket.notificationMode, cc: ticket.cc, subscribers: subscribers))
        guard !recipients.isEmpty else { return }
        let content = MailTemplates.Event(
            ticketID: ticketID, ticketSubject: ticket.subject, unitName: unit.name, status: ticket.status, priority: ticket.priority,
            kind: event.kind, visibility: event.visibility, actorName: event.actorName, changes: event.changes, note: event.note,
            commentBody: comment?.body, description: event.kind == .created ? ticket.description : nil,
            ticketURL: "\(settings.publicURL)/tickets/\(ticketID)")
        let subject = MailTemplates.subject(prefix: settings.subjectPrefix, ticketID: ticketID, ticketSubject: ticket.subject)
        // The same event text for every audience: an event the submitter's side may receive is
        // public, and its template only carries public text. The footer says why each got it.
        // Supporters get one message (to unit lists); everyone else a message of their own,
        // with a reply address bound to them and this ticket (the mail gate's sender check).
        var messages: [(addresses: [String], audience: MailTemplates.Audience, replyTo: String?)] = [(recipients.supporters, .supporters, nil)]
        for (people, audience) in [(recipients.submitterSide, MailTemplates.Audience.submitterSide), (recipients.subscribers, .subscriber)] {
            messages += people.map { ([$0], audience, Outbox.replyAddress(ticketID: ticketID, recipient: $0, settings: settings)) }
        }
        for message in messages {
            try await Outbox.enqueue(to: message.addresses, subject: subject, body: MailTemplates.body(content, for: message.audience),
                                     kind: event.kind.rawValue, ticket: ticket, event: event, replyTo: message.replyTo, in: context)
        }
    }
}
