import Fluent
import Foundation
import SwitchboardCore

/// A ticket with what its page and its API answer show, already cut to what the reader may see.
public struct TicketDetail: Sendable {
    public var ticket: TicketModel
    public var unit: SupportUnitModel
    public var submitter: UserModel
    public var assignee: UserModel?
    public var involvedUnits: [SupportUnitModel]
    public var involvedUsers: [UserModel]
    /// Each link as seen from this ticket.
    public var links: [(kind: TicketLinkKind, ticketID: Int)]
    /// Without their bytes.
    public var attachments: [AttachmentModel]
    public var readerSeesInternal: Bool
    /// The facts the reader's permissions were decided on.
    public var access: TicketAccess
}

/// One history entry with the comment text it carries, if any.
public struct TicketHistoryEntry: Sendable {
    public var event: TicketEventModel
    public var commentBody: String?
    /// The text a mailed reply quoted, cut off its body.
    public var commentQuoted: String?
}
