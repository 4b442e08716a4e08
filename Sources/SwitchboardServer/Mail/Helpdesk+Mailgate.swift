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

extension Helpdesk {
    /// Hands one received RFC 5322 message to the helpdesk: a reply to a ticket becomes a public
    /// comment of its sender, a new message of a registered user a new ticket in first line.
    /// Auto-replies and bounces are never answered; a Message-ID seen before is not added twice.
    public func receiveMail(_ data: Data, envelopeSender: String? = nil) async throws -> MailgateOutcome {
        let mail: InboundMail
        switch InboundMail.read(data, envelopeSender: envelopeSender) {
        case .success(let read): mail = read
        case .failure(let problem): return .badMessage(problem.description)
        }
        let now = clock.now()
        let messageID = mail.messageID ?? "<no-id.\(Insecure.digest(data))@switchboard>"
        if try await InboundMessageModel.query(on: database).filter(\.$messageID == messageID).first() != nil {
            return .ignored("The message \(messageID) was received before; it is not added twice.")
        }
        if let reason = mail.automaticReason {
            try await record(messageID, from: mail.from, outcome: "ignored: \(reason)", ticket: nil, at: now)
            return .ignored("An automatic message (\(reason)): not added, not answered.")
        }
        let recent = try await InboundMessageModel.query(on: database).filter(\.$sender == mail.from)
            .filter(\.$receivedAt > now.addingTimeInterval(-3600)).count()
        if recent >= configuration.mailgateHourlyLimit {
            return .later("More than \(configuration.mailgateHourlyLimit) messages from \(mail.from) in the last hour; try later.")
        }
        // Everything the message causes, and its Message-ID, commit together or not at all: a
        // failure half-way leaves nothing behind for the MTA's retry to add twice, and a
        // concurrent delivery of the same message stops at the Message-ID's unique key.
        // (Reads on `database` happen before the transaction opens: on SQLite its pool has one
        // connection, which the transaction holds.)
        let known = try await UserModel.query(on: database).filter(\.$email == mail.from).first()
        var found: Acting?
        if let known { found = Acting(actor: try await actor(for: known), name: known.displayName) }
        let knownActing = found
        do {
            return try await write { _ in try await self.act(on: mail, as: knownActing, messageID: messageID, at: now) }
        } catch let refusal as MailRefusal {
            return refusal.outcome
        }
    }

    /// Inside the mail gate's transaction. A refusal is thrown, so that nothing it did stays.
    private func act(on mail: InboundMail, as knownActing: Acting?, messageID: String, at now: Date) async throws -> MailgateOutcome {
        var sender = knownActing
        if sender == nil && configuration.mailgateAcceptsGuests && mail.ticketNumber(prefix: configuration.subjectPrefix) == nil {
            // A guest submitter: an account without a usable password, so the person can follow
            // the ticket by mail (an administrator can set a password later).
            let name = mail.fromName ?? String(mail.from.split(separator: "@").first ?? "Guest")
            let guest = try await createUser(NewUserInput(email: mail.from, displayName: String(name.prefix(120)),
                                                          password: UUID().uuidString + UUID().uuidString.prefix(8)), by: nil)
            sender = Acting(actor: Actor(userID: try guest.requireID(), email: guest.email, isAdmin: false, memberships: []), name: guest.displayName)
        }
        guard let acting = sender else {
            throw MailRefusal(.unknownSender("\(mail.from) has no account at this helpdesk; register first or use the web interface."))
        }
        let body = mail.text.isEmpty ? "(The message had no text.)" : mail.text
        let ticketID: Int
        let outcome: MailgateOutcome
        if let replyTo = mail.ticketNumber(prefix: configuration.subjectPrefix) {
            do {
                // A supporter's mail may quote internal notes (supporters are mailed them): their
                // quoted text is kept for supporters only, so that it cannot reach the submitter
                // through a public comment.
                let quotesInternal = acting.actor.isSupporter || acting.actor.isAdmin
                try await addComment(ticketID: replyTo, body: body, visibility: .public, quoted: mail.quoted,
                                     quotedVisibility: quotesInternal ? .internal : .public, by: acting)
            } catch HelpdeskError.notFound {
                throw MailRefusal(.unknownSender("Ticket #\(replyTo) does not exist, or \(mail.from) may not see it."))
            } catch let error as HelpdeskError {
                if case .invalid = error { throw MailRefusal(.badMessage(error.message)) }
                throw MailRefusal(.unknownSender("\(mail.from) may not comment on ticket #\(replyTo): \(error.message)"))
            }
            ticketID = replyTo
            outcome = .commented(ticket: replyTo)
        } else {
            let subject = mail.subject.trimmingCharacters(in: .whitespaces).isEmpty ? "(no subject)" : String(mail.subject.prefix(250))
            do {
                ticketID = try await createTicket(NewTicketInput(subject: subject, description: body), by: acting).requireID()
            } catch let error as HelpdeskError {
                throw MailRefusal(.badMessage("The message cannot become a ticket: \(error.message)"))
            }
            outcome = .opened(ticket: ticketID)
        }
        let notes = try await attach(mail.attachments, to: ticketID, by: acting)
        try await record(messageID, from: mail.from, outcome: outcome == .commented(ticket: ticketID) ? "commented" : "opened", ticket: ticketID, at: now)
        if !notes.isEmpty { try await addComment(ticketID: ticketID, body: notes.joined(separator: "\n"), visibility: .public, by: .system) }
        return outcome
    }

    /// A message the helpdesk will not take, thrown out of the mail gate's transaction.
    private struct MailRefusal: Error {
        let outcome: MailgateOutcome
        init(_ outcome: MailgateOutcome) { self.outcome = outcome }
    }

    /// Stores attachments under the size limit; says which were refused.
    private func attach(_ attachments: [InboundMail.Attachment], to ticketID: Int, by acting: Acting) async throws -> [String] {
        var refused: [String] = []
        for file in attachments {
            do {
                try await addAttachment(ticketID: ticketID, filename: file.filename, contentType: file.contentType, data: file.data,
                                        visibility: .public, by: acting)
            } catch let error as HelpdeskError {
                refused.append("The attachment \(file.filename) of the mail was not stored: \(error.message)")
            }
        }
        return refused
    }

    private func record(_ messageID: String, from sender: String, outcome: String, ticket: Int?, at now: Date) async throws {
        try await write { database in
            let record = InboundMessageModel()
            record.messageID = String(messageID.prefix(900))
            record.sender = sender
            record.receivedAt = now
            record.outcome = String(outcome.prefix(900))
            record.$ticket.id = ticket
            try await record.create(on: database)
        }
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
