import Fluent
import Foundation
import SwitchboardCore

/// One immutable entry of a ticket's history. Never updated, never deleted.
public final class TicketEventModel: Model, @unchecked Sendable {
    public static let schema = "ticket_events"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Parent(key: "ticket_id") public var ticket: TicketModel
    @Field(key: "kind") public var kind: TicketEventKind
    @Field(key: "visibility") public var visibility: Visibility
    /// Nil for the automated processes.
    @OptionalParent(key: "actor_id") public var actor: UserModel?
    /// The actor's name when the event happened ("Switchboard" for the system).
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at") public var at: Date
    /// The changed values as JSON text (the same on every database).
    @Field(key: "changes") var changesJSON: String
    @OptionalField(key: "note") public var note: String?
    /// For automatic actions: the rule that caused it.
    @OptionalField(key: "rule") public var rule: String?
    @OptionalParent(key: "comment_id") public var comment: CommentModel?
    @OptionalParent(key: "attachment_id") public var attachment: AttachmentModel?

    /// Listed, not found by reflection on every read and write (issue 16); checked by `ModelPropertiesTests`.
    public var properties: [any AnyProperty] {
        [$id, $ticket, $kind, $visibility, $actor, $actorName, $at, $changesJSON, $note, $rule, $comment, $attachment]
    }

    public init() {}

    /// The changes as last written or read, with the JSON text they were made from: the
    /// notifications of a change read its event's changes again (a JSON decoding per event
    /// that showed in the writer's profile).
    private var decodedChanges: (json: String, changes: [FieldChange])?

    public var changes: [FieldChange] {
        get {
            if let decodedChanges, decodedChanges.json == changesJSON { return decodedChanges.changes }
            let changes = (try? JSONDecoder().decode([FieldChange].self, from: Data(changesJSON.utf8))) ?? []
            decodedChanges = (changesJSON, changes)
            return changes
        }
        set {
            changesJSON = FieldChange.json(newValue)
            decodedChanges = (changesJSON, newValue)
        }
    }

    public init(ticketID: Int, record: TicketEventRecord, actorID: UUID?, actorName: String, at: Date) {
        self.$ticket.id = ticketID
        self.kind = record.kind
        self.visibility = record.visibility
        self.$actor.id = actorID
        self.actorName = actorName
        self.at = at
        self.changes = record.changes
        self.note = record.note
        self.rule = record.rule
    }
}
