import Fluent
import Foundation
import SwitchboardCore

/// The sort orders of ticket lists. Every order ends with the ticket number, so pages never
/// overlap or skip.
public enum TicketSort: String, CaseIterable, Sendable {
    case createdAscending = "created"
    case createdDescending = "-created"
    case updatedAscending = "updated"
    case updatedDescending = "-updated"
    case priorityAscending = "priority"
    case priorityDescending = "-priority"
    case numberAscending = "id"
    case numberDescending = "-id"

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

extension Helpdesk {
    /// Lists tickets. People who support no unit see only the tickets they submitted.
    public func listTickets(_ filter: TicketFilter, for actor: Actor) async throws -> TicketListPage {
        let query = TicketModel.query(on: database)
        if !actor.isSupporter && !actor.isAdmin {
            guard let userID = actor.userID else { return TicketListPage(tickets: [], nextCursor: nil) }
            query.filter(\.$submitter.$id == userID)
        }
        if !filter.statuses.isEmpty { query.filter(\.$status ~~ Array(filter.statuses)) }
        if !filter.priorities.isEmpty { query.filter(\.$priority ~~ Array(filter.priorities)) }
        if !filter.categories.isEmpty { query.filter(\.$category ~~ Array(filter.categories)) }
        if !filter.supportUnitIDs.isEmpty { query.filter(\.$supportUnit.$id ~~ Array(filter.supportUnitIDs)) }
        if let submitter = filter.submitterID { query.filter(\.$submitter.$id == submitter) }
        if let assignee = filter.assigneeID { query.filter(\.$assignee.$id == assignee) }
        if let after = filter.createdAfter { query.filter(\.$createdAt >= after) }
        if let before = filter.createdBefore { query.filter(\.$createdAt < before) }
        for word in (filter.text ?? "").lowercased().split(whereSeparator: \.isWhitespace).prefix(10) {
            query.filter(\.$subjectFolded ~~ String(word))
        }
        if let after = filter.after {
            guard let last = try await TicketModel.find(after, on: database) else {
                throw HelpdeskError.invalid("cursor", "The cursor does not point at a ticket; start again from the first page.")
            }
            applyKeyset(query, sort: filter.sort, after: last)
        }
        applySort(query, filter.sort)
        let limit = max(1, min(filter.limit, TicketFilter.maximumLimit))
        let rows = try await query.limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.flatMap { $0.id }.map(TicketCursor.encode(afterTicket:)) : nil
        return TicketListPage(tickets: page, nextCursor: next)
    }

    private func applySort(_ query: QueryBuilder<TicketModel>, _ sort: TicketSort) {
        let direction: DatabaseQuery.Sort.Direction = sort.isDescending ? .descending : .ascending
        switch sort {
        case .createdAscending, .createdDescending: query.sort(\.$createdAt, direction)
        case .updatedAscending, .updatedDescending: query.sort(\.$updatedAt, direction)
        case .priorityAscending, .priorityDescending: query.sort(\.$priorityRank, direction)
        case .numberAscending, .numberDescending: break
        }
        query.sort(\.$id, direction)
    }

    /// Rows strictly after `last` in the sort order: key beyond last's key, or the same key
    /// and a number beyond last's number.
    private func applyKeyset(_ query: QueryBuilder<TicketModel>, sort: TicketSort, after last: TicketModel) {
        let beyond: DatabaseQuery.Filter.Method = sort.isDescending ? .lessThan : .greaterThan
        let id = last.id!
        func keyset<Value: Codable & Sendable>(_ key: KeyPath<TicketModel, FieldProperty<TicketModel, Value>>, _ value: Value) {
            query.group(.or) { or in
                or.filter(key, beyond, value)
                or.group(.and) { and in
                    and.filter(key, .equal, value)
                    and.filter(\.$id, beyond, id)
                }
            }
        }
        switch sort {
        case .createdAscending, .createdDescending: keyset(\.$createdAt, last.createdAt)
        case .updatedAscending, .updatedDescending: keyset(\.$updatedAt, last.updatedAt)
        case .priorityAscending, .priorityDescending: keyset(\.$priorityRank, last.priorityRank)
        case .numberAscending, .numberDescending: query.filter(\.$id, beyond, id)
        }
    }
}
