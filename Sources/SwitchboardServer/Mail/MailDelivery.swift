import Fluent
import Foundation
import Logging
import SQLKit
import SwitchboardCore

/// What one delivery pass did.
public struct DeliveryReport: Sendable, Equatable {
    public var sent = 0
    /// Failed this time, to be tried again later.
    public var deferred = 0
    /// Given up on: shown to administrators, who may retry.
    public var failed = 0
}

/// Sending the outbox: the mail worker's passes and an administrator's retry of a failed message.
public struct MailDelivery: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var mailDelivery: MailDelivery { MailDelivery(helpdesk: self) }
}

extension MailDelivery {
    /// One pass of the mail worker: takes due messages in batches (a lease keeps other workers
    /// off them while they are sent, so no database transaction stays open during network
    /// I/O), sends each batch over one session, and records each outcome at once. A message
    /// that fails waits twice as long after each attempt; after the configured number of
    /// attempts it is marked failed.
    func deliver(transport: any MailTransport, batchSize: Int = 50,
                     logger: Logger = Logger(label: "switchboard.mail")) async throws -> DeliveryReport {
        var report = DeliveryReport()
        while true {
            let now = helpdesk.clock.now()
            let batch = try await claimDueMail(at: now, limit: batchSize)
            if batch.isEmpty { return report }
            let session: any MailTransportSession
            do {
                session = try await transport.open()
            } catch {
                // Nothing can be sent now: every message of the batch waits for its next attempt
                // (a refused session is never a message's permanent failure).
                logger.error("Mail: no session with the relay (\(transport.name)): \(error); \(batch.count) messages wait for the next attempt.")
                for message in batch {
                    try await recordFailure(message, error: (error as? SMTPError)?.asSessionFailure ?? error, at: now, report: &report, logger: nil)
                }
                return report
            }
            var broken = false
            for message in batch {
                if broken {
                    try await releaseLease(message)
                    continue
                }
                do {
                    let rendered = MailMessage(from: helpdesk.configuration.sender, to: message.recipientList, subject: message.subject,
                                               text: message.body, html: message.htmlBody, headers: message.headers)
                        .render(date: message.createdAt)
                    let refused = try await session.send(from: bareAddress(helpdesk.configuration.sender), to: message.recipientList.map(bareAddress),
                                                         message: rendered)
                    try await recordSent(message, refused: refused, at: helpdesk.clock.now())
                    report.sent += 1
                } catch {
                    try await recordFailure(message, error: error, at: helpdesk.clock.now(), report: &report, logger: logger, relay: transport.name)
                    // A broken connection fails the rest of the batch too: leave them for the next pass.
                    if let smtp = error as? SMTPError, !smtp.isPermanent { broken = true }
                }
            }
            await session.close()
            if broken { return report }
        }
    }

    /// Marks up to `limit` due messages as leased for ten minutes and returns them.
    private func claimDueMail(at now: Date, limit: Int) async throws -> [OutboxMessageModel] {
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            var query = OutboxMessageModel.query(on: database)
                .filter(\.$sentAt == nil).filter(\.$failedAt == nil)
                .group(.or) { $0.filter(\.$nextAttemptAt == nil).filter(\.$nextAttemptAt <= now) }
                .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
                .sort(\.$nextAttemptAt).sort(\.$createdAt).limit(limit)
            var messages: [OutboxMessageModel]
            if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
                struct Row: Decodable { var id: UUID }
                let ids = try await sql.raw("""
                    SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL
                      AND (next_attempt_at IS NULL OR next_attempt_at <= \(bind: now))
                      AND (lease_until IS NULL OR lease_until < \(bind: now))
                    ORDER BY next_attempt_at, created_at LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED
                    """).all(decoding: Row.self).map(\.id)
                if ids.isEmpty { return [] }
                query = OutboxMessageModel.query(on: database).filter(\.$id ~~ ids).sort(\.$nextAttemptAt).sort(\.$createdAt)
            }
            messages = try await query.all()
            let lease = now.addingTimeInterval(600)
            for message in messages {
                message.leaseUntil = lease
                try await message.save(on: database)
            }
            return messages
        }
    }

    private func recordSent(_ message: OutboxMessageModel, refused: [String], at now: Date) async throws {
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            message.sentAt = now
            message.leaseUntil = nil
            message.attempts = (message.attempts ?? 0) + 1
            message.lastError = refused.isEmpty ? nil : "Refused by the server: \(refused.joined(separator: ", "))"
            try await message.save(on: database)
        }
    }

    private func recordFailure(
        _ message: OutboxMessageModel, error: any Error, at now: Date, report: inout DeliveryReport, logger: Logger?, relay: String = ""
    ) async throws {
        let attempts = (message.attempts ?? 0) + 1
        let permanent = (error as? SMTPError)?.isPermanent ?? false
        let givesUp = permanent || attempts >= helpdesk.configuration.mailMaxAttempts
        let wait = Double(helpdesk.configuration.mailRetryBaseSeconds) * pow(2, Double(min(attempts - 1, 16)))
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            message.attempts = attempts
            message.leaseUntil = nil
            message.lastError = String(String(describing: error).prefix(1000))
            if givesUp {
                message.failedAt = now
            } else {
                message.nextAttemptAt = now.addingTimeInterval(wait)
            }
            try await message.save(on: database)
        }
        if givesUp { report.failed += 1 } else { report.deferred += 1 }
        let outcome = givesUp ? "failed for good" : "will be tried again in \(Int(wait)) s"
        logger?.error("Mail: message \(message.id?.uuidString ?? "?") to \(message.recipientList.joined(separator: ", ")) via \(relay), attempt \(attempts): \(error); \(outcome).")
    }

    private func releaseLease(_ message: OutboxMessageModel) async throws {
        try await helpdesk.change(by: .system) { context in
            let database = context.database
            message.leaseUntil = nil
            try await message.save(on: database)
        }
    }

    /// An administrator sends a failed message again: its attempts start over.
    public func retry(_ id: UUID, by acting: Acting) async throws -> OutboxMessageModel {
        guard Permissions.mayAdminister(acting.principal) else { throw HelpdeskError.forbidden("Only administrators may retry mail.") }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            guard let message = try await OutboxMessageModel.find(id, on: database) else {
                throw HelpdeskError.notFound("There is no message \(id) in the outbox.")
            }
            guard message.sentAt == nil else { throw HelpdeskError.conflict("The message was sent already.") }
            message.failedAt = nil
            message.attempts = 0
            message.nextAttemptAt = context.now
            message.leaseUntil = nil
            try await message.save(on: database)
            return message
        }
    }
}
