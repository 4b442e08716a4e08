import Fluent
import Foundation
import SwitchboardCore

/// The changes to tickets: filing, editing, comments and attachments, status and priority,
/// routing, involving, linking and subscribing. Each opens one change (`Helpdesk.change`) and
/// records its events there; steps that other changes reuse take a `ChangeContext` instead.
/// Reading tickets is `TicketQueries`.
public struct TicketOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var tickets: TicketOperations { TicketOperations(helpdesk: self) }
}
