import Foundation
import SwitchboardCore

/// What a person submits to open a ticket. Enumerated values arrive as text and are checked
/// by `Helpdesk.createTicket`, so that a wrong value gets a message on its field.
public struct NewTicketInput: Codable, Sendable {
    public var subject: String?
    public var description: String?
    public var priority: String?
    public var category: String?
    public var affectedSite: String?
    public var vo: String?
    public var component: String?
    public var componentVersion: String?
    public var cc: [String]?
    public var notificationMode: String?
    /// A unit's id or name; supporters only. Without it the ticket goes to first line.
    public var supportUnit: String?

    public init(
        subject: String? = nil, description: String? = nil, priority: String? = nil, category: String? = nil,
        affectedSite: String? = nil, vo: String? = nil, component: String? = nil, componentVersion: String? = nil,
        cc: [String]? = nil, notificationMode: String? = nil, supportUnit: String? = nil
    ) {
        self.subject = subject
        self.description = description
        self.priority = priority
        self.category = category
        self.affectedSite = affectedSite
        self.vo = vo
        self.component = component
        self.componentVersion = componentVersion
        self.cc = cc
        self.notificationMode = notificationMode
        self.supportUnit = supportUnit
    }
}
