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

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $ticket, $kind, $sequence, $dueAt, $createdAt] }

    public init() {}

    public init(ticketID: Int, kind: TimerKind, sequence: Int, dueAt: Date, createdAt: Date) {
        self.id = .randomV4()
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
    /// An HTML alternative to `body`, if any.
    @OptionalField(key: "html_body") public var htmlBody: String?
    /// Further headers as a JSON array of [name, value] pairs (Message-ID, References, …).
    @OptionalField(key: "headers") public var headersJSON: String?
    @OptionalField(key: "attempts") public var attempts: Int?
    /// Not before this instant (nil: at once).
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    /// Given up after the configured number of attempts; an administrator may retry.
    @OptionalField(key: "failed_at") public var failedAt: Date?
    /// A worker is sending it until then; another takes it only after.
    @OptionalField(key: "lease_until") public var leaseUntil: Date?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $ticket, $event, $recipients, $subject, $body, $kind, $createdAt, $sentAt, $htmlBody, $headersJSON,
         $attempts, $nextAttemptAt, $lastError, $failedAt, $leaseUntil]
    }

    public init() {}

    var headers: [(name: String, value: String)] {
        get {
            guard let json = headersJSON, let pairs = try? JSONDecoder().decode([[String]].self, from: Data(json.utf8)) else { return [] }
            return pairs.compactMap { $0.count == 2 ? (name: $0[0], value: $0[1]) : nil }
        }
        set {
            headersJSON = JSONText.stringLists(newValue.map { [$0.name, $0.value] })
        }
    }

    var recipientList: [String] { recipients.split(separator: "\n").map(String.init) }
}

/// A message the mail gate received, and what became of it.
public final class InboundMessageModel: Model, @unchecked Sendable {
    public static let schema = "inbound_messages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "message_id") public var messageID: String
    @Field(key: "sender") public var sender: String
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "outcome") public var outcome: String
    @OptionalParent(key: "ticket_id") public var ticket: TicketModel?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] { [$id, $messageID, $sender, $receivedAt, $outcome, $ticket] }

    public init() {}
}
