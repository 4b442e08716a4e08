import Fluent
import Foundation
import SwitchboardCore

/// A due action: a row with an absolute instant, created and cancelled in the same transaction
/// as the events that cause it, taken by the automation runner when it is due.
public final class TimerModel: Model, @unchecked Sendable {
    public static let schema = "timers"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Field(key: "kind") public var kind: TimerKind
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "due_at") public var dueAt: Date
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(ticketID: Int, kind: TimerKind, sequence: Int, dueAt: Date, createdAt: Date) {
        self.$ticket.id = ticketID
        self.kind = kind
        self.sequence = sequence
        self.dueAt = dueAt
        self.createdAt = createdAt
    }
}

/// A notification waiting to be delivered, written in the same transaction as the event that
/// causes it; the mail worker sends it (and records the attempt).
public final class OutboxMessageModel: Model, @unchecked Sendable {
    public static let schema = "outbox"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "ticket_id") public var ticket: TicketModel?
    @OptionalParent(key: "event_id") public var event: TicketEventModel?
    /// Addresses, one per line.
    @Field(key: "recipients") public var recipients: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    /// What caused it, e.g. "waiting-reminder".
    @Field(key: "kind") public var kind: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "sent_at") public var sentAt: Date?

    public init() {}
}
