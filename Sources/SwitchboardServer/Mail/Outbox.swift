import Fluent
import Foundation
import SwitchboardCore

/// Writes mail for delivery, inside the change that causes it (`MailDelivery` sends it later).
/// Every message gets the headers that thread a ticket's mails and mark them as automatic.
enum Outbox {
    @discardableResult
    static func enqueue(
        to recipients: [String], subject: String, body: String, html: String? = nil, kind: String, ticket: TicketModel?,
        event: TicketEventModel?, replyTo: String? = nil, in context: ChangeContext
    ) async throws -> OutboxMessageModel? {
        guard let message = message(to: recipients, subject: subject, body: body, html: html, kind: kind, ticket: ticket, event: event,
                                    replyTo: replyTo, in: context) else { return nil }
        try await message.create(on: context.database)
        return message
    }

    /// The message `enqueue` writes, not yet written (for writing many in one statement).
    static func message(
        to recipients: [String], subject: String, body: String, html: String? = nil, kind: String, ticket: TicketModel?,
        event: TicketEventModel?, replyTo: String? = nil, in context: ChangeContext
    ) -> OutboxMessageModel? {
        guard !recipients.isEmpty else { return nil }
        let id = UUID.randomV4()
        let message = OutboxMessageModel()
        message.id = id
        message.$ticket.id = ticket?.id
        message.$event.id = event?.id
        message.recipients = recipients.joined(separator: "\n")
        message.subject = subject
        message.body = body
        message.htmlBody = html
        message.kind = kind
        message.createdAt = context.now
        message.attempts = 0
        message.nextAttemptAt = context.now
        let domain = context.configuration.mailDomain
        var headers: [(name: String, value: String)] = [("Message-ID", "<switchboard.\(id.uuidString.lowercased())@\(domain)>")]
        if let ticketID = ticket?.id {
            // Every mail of a ticket refers to the same root, so clients thread them together
            // and the mail gate finds the ticket a reply belongs to.
            let root = "<switchboard.ticket-\(ticketID)@\(domain)>"
            headers += [("In-Reply-To", root), ("References", root), ("X-Switchboard-Ticket", String(ticketID))]
        }
        if let replyTo { headers.append(("Reply-To", replyTo)) }
        headers.append(("Auto-Submitted", "auto-generated"))
        message.headers = headers
        return message
    }

    /// The reply address of one person for a ticket (see `ReplyAddressSigner`), or nil when
    /// the installation has no key yet.
    static func replyAddress(ticketID: Int, recipient: String, settings: SwitchboardConfiguration) -> String? {
        ReplyAddressSigner(base64Key: settings.replyAddressKey)?
            .replyAddress(base: bareAddress(settings.sender), ticketID: ticketID, recipient: recipient)
    }
}
