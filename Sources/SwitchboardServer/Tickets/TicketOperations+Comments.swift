import Fluent
import Foundation
import SwitchboardCore

extension TicketOperations {
    /// Adds a diary entry: public (everyone on the ticket sees it) or internal (supporters only).
    /// `template`: the reply template the text came from, whose use is counted.
    @discardableResult
    public func addComment(
        ticketID: Int, body: String?, visibility: Visibility, quoted: String? = nil, quotedVisibility: Visibility = .public,
        template: UUID? = nil, by acting: Acting
    ) async throws -> CommentModel {
        try await helpdesk.change(by: acting) { context in
            try await self.addComment(ticketID: ticketID, body: body, visibility: visibility, quoted: quoted, quotedVisibility: quotedVisibility,
                                      template: template, in: context)
        }
    }

    /// Inside a change (the mail gate adds a reply with its attachments this way).
    @discardableResult
    func addComment(
        ticketID: Int, body: String?, visibility: Visibility, quoted: String? = nil, quotedVisibility: Visibility = .public,
        template: UUID? = nil, in context: ChangeContext
    ) async throws -> CommentModel {
        let acting = context.acting
        var errors = FieldErrors()
        let text = TicketRules.validateText(body, field: "body", required: true, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let action: TicketAction = visibility == .internal ? .commentInternal : .commentPublic
        let (ticket, access) = try await TicketLookup.forChange(ticketID, action: action, in: context)
        // A public comment is a change the submitter sees: written with the touch, not after it.
        if visibility == .public { ticket.publicUpdatedAt = context.now }
        try await TicketLifecycle.touch(ticket, in: context)
        let comment = try await TicketLifecycle.appendComment(text!, visibility: visibility, quoted: quoted, quotedVisibility: quotedVisibility, to: ticket, in: context)
        if let template { try await ReplyTemplateOperations.countUse(of: template, on: ticket, in: context) }
        try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: true, in: context)
        let roles = TicketRole.roles(of: acting.principal, on: access)
        if let next = StatusTransitions.statusAfterReply(from: ticket.status, roles: roles, visibility: visibility) {
            try await TicketLifecycle.setStatus(ticket, to: next, note: nil, in: context)
        }
        return comment
    }

    /// Stores a file on a ticket. Internal attachments are for supporters only.
    @discardableResult
    public func addAttachment(
        ticketID: Int, filename: String, contentType: String?, data: Data, visibility: Visibility, by acting: Acting
    ) async throws -> AttachmentModel {
        try await helpdesk.change(by: acting) { context in try await self.addAttachment(ticketID: ticketID, filename: filename, contentType: contentType, data: data, visibility: visibility, in: context) }
    }

    /// Inside a change.
    @discardableResult
    func addAttachment(
        ticketID: Int, filename: String, contentType: String?, data: Data, visibility: Visibility, in context: ChangeContext
    ) async throws -> AttachmentModel {
        let acting = context.acting
        var errors = FieldErrors()
        let name = TicketLifecycle.safeFilename(filename)
        if name.isEmpty { errors.add("file", "The file needs a name.") }
        if data.isEmpty { errors.add("file", "The file is empty.") }
        try HelpdeskError.check(errors)
        if data.count > helpdesk.configuration.attachmentMaxBytes {
            throw HelpdeskError.tooLarge("The file has \(data.count) bytes; at most \(helpdesk.configuration.attachmentMaxBytes) are accepted.")
        }
        let database = context.database
        let action: TicketAction = visibility == .internal ? .addInternalAttachment : .addAttachment
        let (ticket, _) = try await TicketLookup.forChange(ticketID, action: action, in: context)
        let attachment = AttachmentModel()
        attachment.id = UUID()
        attachment.$ticket.id = ticketID
        attachment.$uploader.id = acting.principal.userID
        attachment.filename = name
        attachment.contentType = TicketLifecycle.safeContentType(contentType)
        attachment.size = data.count
        attachment.visibility = visibility
        attachment.data = data
        attachment.createdAt = context.now
        try await attachment.create(on: database)
        try await TicketLifecycle.touch(ticket, in: context)
        try await EventRecorder.record(
            TicketEventRecord(kind: .attachmentAdded, visibility: visibility, changes: [FieldChange(field: "attachment", before: nil, after: name)]),
            on: ticket, attachment: attachment, in: context)
        return attachment
    }
}
