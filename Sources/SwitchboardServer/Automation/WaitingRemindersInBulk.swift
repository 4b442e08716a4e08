import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// The reminders to waiting submitters of one automation batch, written set-based: the
/// batch's tickets and submitters are read in two queries, every event and mail is made in
/// memory by the same rules as one reminder (`Reminders.WaitingReminder`), and events, public
/// update times and mails are written with one statement each. A reminder whose ticket moved on
/// (no longer waiting) is dropped, as `DueTimers` drops it.
enum WaitingRemindersInBulk {
    /// The bulk path takes the reminders of tickets that have no other timer in the batch (their
    /// order against that timer matters); `DueTimers` acts on the rest one by one.
    static func split(_ timers: [TimerModel]) -> (bulk: [TimerModel], oneByOne: [TimerModel]) {
        var timersPerTicket: [Int: Int] = [:]
        for timer in timers { timersPerTicket[timer.$ticket.id, default: 0] += 1 }
        var bulk: [TimerModel] = [], oneByOne: [TimerModel] = []
        for timer in timers {
            if timer.kind == .waitingReminder && timersPerTicket[timer.$ticket.id] == 1 { bulk.append(timer) } else { oneByOne.append(timer) }
        }
        return (bulk, oneByOne)
    }

    /// Sends the reminders of these due timers, each dated at its timer's due instant.
    static func send(_ timers: [TimerModel], in context: ChangeContext) async throws {
        guard !timers.isEmpty else { return }
        let database = context.database
        let sql = database as! any SQLDatabase
        let ticketIDs = timers.map { $0.$ticket.id }
        try await TicketLookup.lock(ticketIDs, on: database)
        let tickets = try await ticketsOf(ticketIDs, on: sql)
        let submitters = try await people(Set(tickets.values.map { $0.$submitter.id }), on: sql)

        var reminders: [(reminder: Reminders.WaitingReminder, context: ChangeContext)] = []
        for timer in timers {
            guard let ticket = tickets[timer.$ticket.id], AutomationRules.applies(timer.kind, to: ticket.status),
                  let submitter = submitters[ticket.$submitter.id] else { continue }
            let at = context.at(timer.dueAt)
            reminders.append((try Reminders.WaitingReminder(ticket: ticket, submitter: submitter, sequence: timer.sequence, in: at), at))
        }
        guard !reminders.isEmpty else { return }
        // The events' numbers first: the mails refer to them.
        let eventIDs = try await ReservedIDs.take(reminders.count, in: TicketEventModel.schema, on: database)
        var events: [TicketEventModel] = [], mails: [OutboxMessageModel] = [], publicUpdates: [(ticketID: Int, at: Date)] = []
        for ((reminder, at), id) in zip(reminders, eventIDs) {
            let ticket = reminder.ticket
            let event = TicketEventModel(ticketID: try ticket.requireID(), record: reminder.record, actorID: at.acting.principal.userID,
                                         actorName: at.acting.name, at: at.now)
            event.id = id
            events.append(event)
            if let mail = reminder.mail(event: event, in: at) { mails.append(mail) }
            if ticket.publicUpdatedAt != at.now {
                ticket.publicUpdatedAt = at.now
                publicUpdates.append((ticketID: try ticket.requireID(), at: at.now))
            }
        }
        try await BulkInsert.run(into: TicketEventModel.schema, columns: eventColumns, rows: events.map(eventValues), on: sql)
        try await setPublicUpdateTimes(publicUpdates, on: sql)
        try await BulkInsert.run(into: OutboxMessageModel.schema, columns: mailColumns, rows: mails.map(mailValues), on: sql)
        // Reminders cause no notifications and no report rows (`EventRecorder` for one event);
        // webhooks are asked for each, when there are any (one read of the endpoints).
        guard try await WebhookDispatch.anyActive(in: context) else { return }
        for (event, (reminder, at)) in zip(events, reminders) {
            try await WebhookDispatch.enqueue(event, on: reminder.ticket, comment: nil, attachment: nil, in: at)
        }
    }

    /// The batch's tickets with the columns a reminder reads (its text, its mail, its webhooks),
    /// read as plain rows (Fluent's decoding of whole models was the pass's largest read cost).
    static func ticketsOf(_ ids: [Int], on sql: any SQLDatabase) async throws -> [Int: TicketModel] {
        struct Row: Decodable {
            var id: Int, subject: String, status: TicketStatus, notification_mode: NotificationMode
            var submitter_id: UUID, support_unit_id: UUID, public_updated_at: Date?
        }
        let rows = try await sql.select()
            .columns("id", "subject", "status", "notification_mode", "submitter_id", "support_unit_id", "public_updated_at")
            .from(TicketModel.schema).where("id", .in, ids).all(decoding: Row.self)
        var tickets: [Int: TicketModel] = [:]
        for row in rows {
            let ticket = TicketModel()
            ticket.id = row.id
            ticket.subject = row.subject
            ticket.status = row.status
            ticket.notificationMode = row.notification_mode
            ticket.$submitter.id = row.submitter_id
            ticket.$supportUnit.id = row.support_unit_id
            ticket.publicUpdatedAt = row.public_updated_at
            tickets[row.id] = ticket
        }
        return tickets
    }

    /// The submitters, with what a reminder says of them.
    static func people(_ ids: Set<UUID>, on sql: any SQLDatabase) async throws -> [UUID: UserModel] {
        struct Row: Decodable { var id: UUID, email: String, display_name: String }
        let rows = try await sql.select().columns("id", "email", "display_name")
            .from(UserModel.schema).where("id", .in, Array(ids)).all(decoding: Row.self)
        var people: [UUID: UserModel] = [:]
        for row in rows {
            let user = UserModel()
            user.id = row.id
            user.email = row.email
            user.displayName = row.display_name
            people[row.id] = user
        }
        return people
    }

    /// Events and mails are written as `BulkInsert` values (stored as Fluent stores them), not
    /// through Fluent's models: building each model's input cost more than the database's work.
    static let eventColumns = ["id", "ticket_id", "kind", "visibility", "actor_id", "actor_name", "at", "changes", "note", "rule"]

    static func eventValues(_ event: TicketEventModel) -> [BulkValue] {
        [BulkValue(event.id), BulkValue(event.$ticket.id), BulkValue(event.kind.rawValue), BulkValue(event.visibility.rawValue),
         BulkValue(event.$actor.id), BulkValue(event.actorName), BulkValue(event.at), BulkValue(event.changesJSON),
         BulkValue(event.note), BulkValue(event.rule)]
    }

    static let mailColumns = ["id", "ticket_id", "event_id", "recipients", "subject", "body", "kind", "created_at", "html_body", "headers",
                              "attempts", "next_attempt_at"]

    static func mailValues(_ mail: OutboxMessageModel) -> [BulkValue] {
        [BulkValue(mail.id), BulkValue(mail.$ticket.id), BulkValue(mail.$event.id), BulkValue(mail.recipients), BulkValue(mail.subject),
         BulkValue(mail.body), BulkValue(mail.kind), BulkValue(mail.createdAt), BulkValue(mail.htmlBody), BulkValue(mail.headersJSON),
         BulkValue(mail.attempts), BulkValue(mail.nextAttemptAt)]
    }

    /// `public_updated_at` of many tickets, each its own instant, in one statement.
    static func setPublicUpdateTimes(_ updates: [(ticketID: Int, at: Date)], on sql: any SQLDatabase) async throws {
        guard !updates.isEmpty else { return }
        var cases = SQLQueryString("CASE id")
        for update in updates {
            cases.appendInterpolation(unsafeRaw: " WHEN ")
            cases.appendInterpolation(bind: update.ticketID)
            cases.appendInterpolation(unsafeRaw: " THEN ")
            cases.appendInterpolation(bind: update.at)
        }
        cases.appendInterpolation(unsafeRaw: " END")
        try await sql.raw("UPDATE tickets SET public_updated_at = \(cases) WHERE id IN (\(binds: updates.map(\.ticketID)))").run()
    }
}
