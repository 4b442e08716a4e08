import Fluent
import Foundation
import SwitchboardCore

/// What the mail gate did with a message; the exit code follows sendmail's convention.
public enum MailgateOutcome: Sendable, Equatable {
    case commented(ticket: Int)
    case opened(ticket: Int)
    /// Taken and deliberately not acted on (an auto-reply, a bounce, a message seen before).
    case ignored(String)
    /// The sender is not known, or may not write to that ticket.
    case unknownSender(String)
    case badMessage(String)
    /// Try again later (too many messages from this sender for now).
    case later(String)

    /// sendmail's exit codes: 0 delivered, 65 data error, 67 unknown user, 75 temporary failure.
    public var exitCode: Int32 {
        switch self {
        case .commented, .opened, .ignored: 0
        case .badMessage: 65
        case .unknownSender: 67
        case .later: 75
        }
    }

    public var description: String {
        switch self {
        case .commented(let ticket): "Added a comment to ticket #\(ticket)."
        case .opened(let ticket): "Opened ticket #\(ticket)."
        case .ignored(let reason), .unknownSender(let reason), .badMessage(let reason), .later(let reason): reason
        }
    }
}

/// The mail gate: one received message becomes a comment or a ticket, with its attachments, in
/// one change; `switchboard mailgate` hands it each message the MTA delivers.
public struct MailgateOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var mailgate: MailgateOperations { MailgateOperations(helpdesk: self) }
}

extension MailgateOperations {
    /// Hands one received RFC 5322 message to the helpdesk: a reply to a ticket becomes a public
    /// comment of its sender, a new message of a registered user a new ticket in first line.
    /// Auto-replies and bounces are never answered; a Message-ID seen before is not added twice.
    public func receiveMail(_ data: Data, envelopeSender: String? = nil, envelopeRecipient: String? = nil) async throws -> MailgateOutcome {
        // The headers first: who sent it and whether it is automatic decide whether the body is
        // worth reading at all.
        let head: InboundMail
        switch InboundMail.readHeaders(data, envelopeSender: envelopeSender) {
        case .success(let read): head = read
        case .failure(let problem): return .badMessage(problem.description)
        }
        let database = helpdesk.database
        let configuration = helpdesk.configuration
        let now = helpdesk.clock.now()
        let messageID = head.messageID.flatMap { $0.isEmpty ? nil : String($0.prefix(900)) } ?? "<no-id.\(Insecure.digest(data))@switchboard>"
        if try await InboundMessageModel.query(on: database).filter(\.$messageID == messageID).first() != nil {
            return .ignored("The message \(messageID) was received before; it is not added twice.")
        }
        if let reason = head.automaticReason {
            try await helpdesk.change(by: .system, at: now) { context in
                try await Self.record(messageID, from: head.from, outcome: "ignored: \(reason)", ticket: nil, in: context)
            }
            return .ignored("An automatic message (\(reason)): not added, not answered.")
        }
        let recent = try await InboundMessageModel.query(on: database).filter(\.$sender == head.from)
            .filter(\.$receivedAt > now.addingTimeInterval(-3600)).count()
        if recent >= configuration.mailgateHourlyLimit {
            return .later("More than \(configuration.mailgateHourlyLimit) messages from \(head.from) in the last hour; try later.")
        }
        // Everything the message causes, and its Message-ID, commit together or not at all: a
        // failure half-way leaves nothing behind for the MTA's retry to add twice, and a
        // concurrent delivery of the same message stops at the Message-ID's unique key.
        // (Reads on `database` happen before the transaction opens: on SQLite its pool has one
        // connection, which the transaction holds.)
        let known = try await UserModel.query(on: database).filter(\.$email == head.from).first()
        var check = senderCheck(head, envelopeRecipient: envelopeRecipient)
        if check.ticket == nil { check.ticket = try await notifiedTicket(head) }
        let opensAsGuest = configuration.mailgateAcceptsGuests && check.ticket == nil
        guard known != nil || opensAsGuest else { return Self.unknownSender }
        var found: Acting?
        if let known { found = Acting(principal: try await helpdesk.accounts.principal(for: known), name: known.displayName) }
        let knownActing = found
        let isSupporter = knownActing.map { $0.principal.isSupporter || $0.principal.isAdmin } ?? false
        if let refusal = check.refusal(asSupporter: isSupporter, configuration: configuration) { return refusal }
        let mail: InboundMail
        switch InboundMail.read(data, envelopeSender: envelopeSender) {
        case .success(let read): mail = read
        case .failure(let problem): return .badMessage(problem.description)
        }
        let ticket = check.ticket
        // A guest's account gets a password nobody knows (an administrator can set one later),
        // hashed before the transaction opens: bcrypt is slow.
        let guestPasswordHash = knownActing == nil ? try await helpdesk.passwordHashing.hash(UUID().uuidString + UUID().uuidString.prefix(8)) : nil
        do {
            return try await helpdesk.change(by: knownActing ?? .system, at: now) { context in
                try await self.act(on: mail, ticket: ticket, as: knownActing, guestPasswordHash: guestPasswordHash, messageID: messageID, in: context)
            }
        } catch let refusal as MailRefusal {
            return refusal.outcome
        }
    }

    /// The answer to a sender without an account: the same words whatever the address, so
    /// that the mail gate does not tell strangers which addresses have accounts.
    static let unknownSender = MailgateOutcome.unknownSender(
        "This helpdesk takes mail only from its registered people: replies to the address of a notification they received "
            + "about the ticket, and from supporters only with a sender its mail server verified. Use the web interface instead.")

    /// Inside the mail gate's change: the comment or the ticket, the attachments, a note about
    /// refused attachments and the Message-ID commit together. A refusal is thrown, so that
    /// nothing it did stays.
    private func act(
        on mail: InboundMail, ticket: Int?, as knownActing: Acting?, guestPasswordHash: String?, messageID: String, in gateContext: ChangeContext
    ) async throws -> MailgateOutcome {
        var sender = knownActing
        if sender == nil && gateContext.configuration.mailgateAcceptsGuests && ticket == nil, let guestPasswordHash {
            // A guest submitter: an account without a usable password, so the person can follow
            // the ticket by mail.
            let name = mail.fromName ?? String(mail.from.split(separator: "@").first ?? "Guest")
            let guest = try await AccountOperations.insertUser(
                email: mail.from, displayName: String(name.prefix(120)), passwordHash: guestPasswordHash, isAdmin: false, in: gateContext)
            sender = Acting(principal: Principal(userID: try guest.requireID(), email: guest.email), name: guest.displayName)
        }
        guard let acting = sender else { throw MailRefusal(Self.unknownSender) }
        let context = gateContext.by(acting)
        let tickets = helpdesk.tickets
        let body = mail.text.isEmpty ? "(The message had no text.)" : mail.text
        let ticketID: Int
        let outcome: MailgateOutcome
        if let replyTo = ticket {
            do {
                // A supporter's mail may quote internal notes (supporters are mailed them): their
                // quoted text is kept for supporters only, so that it cannot reach the submitter
                // through a public comment.
                let quotesInternal = acting.principal.isSupporter || acting.principal.isAdmin
                try await tickets.addComment(ticketID: replyTo, body: body, visibility: .public, quoted: mail.quoted,
                                             quotedVisibility: quotesInternal ? .internal : .public, in: context)
            } catch HelpdeskError.notFound {
                throw MailRefusal(Self.unknownSender)
            } catch let error as HelpdeskError {
                if case .invalid = error { throw MailRefusal(.badMessage(error.message)) }
                throw MailRefusal(.unknownSender("Ticket #\(replyTo) takes no comment now: \(error.message)"))
            }
            ticketID = replyTo
            outcome = .commented(ticket: replyTo)
        } else {
            let subject = mail.subject.trimmingCharacters(in: .whitespaces).isEmpty ? "(no subject)" : String(mail.subject.prefix(250))
            do {
                ticketID = try await tickets.createTicket(NewTicketInput(subject: subject, description: body), in: context).requireID()
            } catch let error as HelpdeskError {
                throw MailRefusal(.badMessage("The message cannot become a ticket: \(error.message)"))
            }
            outcome = .opened(ticket: ticketID)
        }
        let notes = try await attach(mail.attachments, to: ticketID, in: context)
        try await Self.record(messageID, from: mail.from, outcome: outcome == .commented(ticket: ticketID) ? "commented" : "opened", ticket: ticketID, in: context)
        if !notes.isEmpty {
            try await tickets.addComment(ticketID: ticketID, body: notes.joined(separator: "\n"), visibility: .public, in: context.by(.system))
        }
        return outcome
    }

    /// A message the helpdesk will not take, thrown out of the mail gate's transaction.
    private struct MailRefusal: Error {
        let outcome: MailgateOutcome
        init(_ outcome: MailgateOutcome) { self.outcome = outcome }
    }

    /// Stores the first attachments under the size and count limits; says which were refused.
    /// They come with the message, whose own event is notified: each does not mail again.
    private func attach(_ attachments: [InboundMail.Attachment], to ticketID: Int, in context: ChangeContext) async throws -> [String] {
        var refused: [String] = []
        let limit = context.configuration.mailgateMaxAttachments
        let quiet = context.notificationsCovered(by: "the mail they came with is notified")
        for file in attachments.prefix(limit) {
            do {
                try await helpdesk.tickets.addAttachment(ticketID: ticketID, filename: file.filename, contentType: file.contentType, data: file.data,
                                                         visibility: .public, in: quiet)
            } catch let error as HelpdeskError {
                refused.append("The attachment \(file.filename) of the mail was not stored: \(error.message)")
            }
        }
        if attachments.count > limit {
            refused.append("The mail had \(attachments.count) attachments; only the first \(limit) were stored.")
        }
        return refused
    }

    /// Remembers a message's Message-ID, so that a second delivery of it is not added again.
    private static func record(_ messageID: String, from sender: String, outcome: String, ticket: Int?, in context: ChangeContext) async throws {
        let record = InboundMessageModel()
        record.messageID = String(messageID.prefix(900))
        record.sender = sender
        record.receivedAt = context.now
        record.outcome = String(outcome.prefix(900))
        record.$ticket.id = ticket
        try await record.create(on: context.database)
    }
}

/// What the mail gate knows about a message's sender, and the ticket it is about.
struct MailSenderCheck {
    /// The ticket the message answers: the reply address it was sent to, else the subject's
    /// tag or a thread header.
    var ticket: Int?
    var assurance: SenderAssurance

    /// Why the message is refused, or nil when the sender is believed enough for what they do.
    /// A new ticket has no reply address, so for it reply-address means no check.
    func refusal(asSupporter: Bool, configuration: SwitchboardConfiguration) -> MailgateOutcome? {
        var required = asSupporter ? configuration.mailSupporterSenderCheck : configuration.mailSenderCheck
        if ticket == nil && required == .replyAddress { required = .none }
        // The same answer as to a stranger: it must not tell who has an account.
        return assurance < required ? MailgateOperations.unknownSender : nil
    }
}

extension MailgateOperations {
    /// The ticket of a notification the message answers (its `In-Reply-To` or `References`
    /// names the notification's Message-ID, which is the outbox row's id).
    func notifiedTicket(_ mail: InboundMail) async throws -> Int? {
        let ids = mail.notificationIDs(domain: helpdesk.configuration.mailDomain)
        guard !ids.isEmpty else { return nil }
        let sent = try await OutboxMessageModel.query(on: helpdesk.database).filter(\.$id ~~ ids).all()
        return ids.lazy.compactMap { id in sent.first { $0.id == id }?.$ticket.id }.first
    }

    func senderCheck(_ mail: InboundMail, envelopeRecipient: String?) -> MailSenderCheck {
        let configuration = helpdesk.configuration
        let recipients = mail.recipients + [envelopeRecipient].compactMap { $0.map { bareAddress($0).lowercased() } }
        let signer = ReplyAddressSigner(base64Key: configuration.replyAddressKey)
        let replyTicket = signer?.verifiedTicket(recipients: recipients, base: bareAddress(configuration.sender), sender: mail.from)
        let ticket = replyTicket ?? mail.ticketNumber(prefix: configuration.subjectPrefix)
        let authenticated = configuration.mailAuthservID.map {
            AuthenticationResults.authenticates(fromDomain: mail.fromDomain, headers: mail.authenticationResults, authservID: $0)
        } ?? false
        let assurance: SenderAssurance = authenticated ? .authenticated : (replyTicket != nil && replyTicket == ticket ? .replyAddress : .none)
        return MailSenderCheck(ticket: ticket, assurance: assurance)
    }
}

/// A short digest, to name a message that came without a Message-ID.
enum Insecure {
    static func digest(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
