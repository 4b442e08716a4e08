import Fluent
import Foundation
import SwitchboardCore

/// The sort orders of ticket lists. Every order ends with the ticket number, so pages never
/// overlap or skip. `relevance` (best match first, see `TicketRelevance`) needs words to
/// search for; without them it is `-created`.
public enum TicketSort: String, CaseIterable, Sendable {
    case createdAscending = "created"
    case createdDescending = "-created"
    case updatedAscending = "updated"
    case updatedDescending = "-updated"
    case priorityAscending = "priority"
    case priorityDescending = "-priority"
    case numberAscending = "id"
    case numberDescending = "-id"
    case relevance

    var isDescending: Bool { rawValue.hasPrefix("-") }
}

/// Which tickets a list shows. Empty sets mean "any".
public struct TicketFilter: Sendable {
    public var statuses: Set<TicketStatus> = []
    public var priorities: Set<TicketPriority> = []
    public var categories: Set<TicketCategory> = []
    public var supportUnitIDs: Set<UUID> = []
    public var submitterID: UUID?
    public var assigneeID: UUID?
    public var createdAfter: Date?
    public var createdBefore: Date?
    /// Words that must appear in the subject, case-insensitively.
    public var text: String?
    public var sort: TicketSort = .createdDescending
    public var limit: Int = 50
    /// The number of the last ticket of the previous page.
    public var after: Int?

    public static let maximumLimit = 200

    public init() {}
}

/// A page of tickets and the cursor of the next page, if there is one.
public struct TicketListPage: Sendable {
    public var tickets: [TicketModel]
    public var nextCursor: String?
}

/// Opaque page cursors: the last ticket number of a page, so a cursor stays valid whatever
/// changes between two requests.
public enum TicketCursor {
    public static func encode(afterTicket id: Int) -> String {
        Data("v1:\(id)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) -> Int? {
        var text = cursor
        while text.count % 4 != 0 { text += "=" }
        guard text.count <= 64, let data = Data(base64Encoded: text),
              let plain = String(data: data, encoding: .utf8), plain.hasPrefix("v1:") else { return nil }
        return Int(plain.dropFirst(3))
    }
}
