import Fluent
import FluentSQL
import Foundation
import SQLKit
import SwitchboardCore

/// Reading tickets, for the API and the pages: one ticket with what its page shows, its
/// history, its attachments, lists and searches, and subscriptions. Every read checks that the
/// principal may read what it returns; tickets they may not read do not exist for them.
public struct TicketQueries: Sendable {
    let database: any Database
    let clock: AppClock
}

extension Helpdesk {
    public var ticketQueries: TicketQueries { TicketQueries(database: database, clock: clock) }
}

extension TicketQueries {
    public func ticketDetail(_ id: Int, for actor: Principal) async throws -> TicketDetail {
        let (ticket, access) = try await TicketLookup.readable(id, by: actor, on: database)
        let seesInternal = Permissions.allows(actor, .seeInternal, on: access)
        async let unit = ticket.$supportUnit.current(on: database)
        // The submitter and the assignee in one read, the links both ways in another.
        let peopleIDs = [ticket.$submitter.id] + (ticket.$assignee.id.map { [$0] } ?? [])
        async let people = UserModel.query(on: database).filter(\.$id ~~ peopleIDs).all()
        async let involvedUnits = access.involvedUnitIDs.isEmpty ? [] :
            SupportUnitModel.query(on: database).filter(\.$id ~~ Array(access.involvedUnitIDs)).sort(\.$name).all()
        async let involvedUsers = access.involvedUserIDs.isEmpty ? [] :
            UserModel.query(on: database).filter(\.$id ~~ Array(access.involvedUserIDs)).sort(\.$displayName).all()
        async let linkRows = TicketLinkModel.query(on: database).group(.or) { $0.filter(\.$source.$id == id).filter(\.$target.$id == id) }.all()
        async let attachments = attachmentList(ticketID: id, includeInternal: seesInternal)
        let links = try await linkRows.map { link in
            link.$source.id == id ? (kind: link.kind, ticketID: link.$target.id) : (kind: link.kind.inverse, ticketID: link.$source.id)
        }
        let found = Dictionary(try await people.map { (try $0.requireID(), $0) }, uniquingKeysWith: { first, _ in first })
        guard let submitter = found[ticket.$submitter.id] else {
            // As reading the parent would fail (the foreign key keeps it from happening).
            throw FluentError.missingParent(from: TicketModel.schema, to: UserModel.schema, key: "submitter_id", id: "\(ticket.$submitter.id)")
        }
        return TicketDetail(
            ticket: ticket, unit: try await unit, submitter: submitter, assignee: ticket.$assignee.id.flatMap { found[$0] },
            involvedUnits: try await involvedUnits, involvedUsers: try await involvedUsers,
            links: links.sorted { $0.ticketID < $1.ticketID },
            attachments: try await attachments, readerSeesInternal: seesInternal, access: access)
    }

    /// The detail of a ticket the actor has just filed, from what the change wrote and without
    /// reading it back: a new ticket has its unit and submitter, and no assignee, involvements,
    /// links or attachments yet (the mail gate, which adds attachments, does not answer with it).
    /// The API answers a filing with the same body as a `GET` of the ticket (a test holds them equal).
    static func detail(ofNewTicket ticket: TicketModel, submitter: UserModel, for actor: Principal) throws -> TicketDetail {
        guard let unit = ticket.$supportUnit.value, ticket.$submitter.id == submitter.id else {
            throw HelpdeskError.unavailable("The new ticket was written without its unit or submitter.")
        }
        let access = TicketLookup.access(for: ticket, involvements: [])
        return TicketDetail(
            ticket: ticket, unit: unit, submitter: submitter, assignee: nil, involvedUnits: [], involvedUsers: [], links: [], attachments: [],
            readerSeesInternal: Permissions.allows(actor, .seeInternal, on: access), access: access)
    }

    func attachmentList(ticketID: Int, includeInternal: Bool) async throws -> [AttachmentModel] {
        let query = AttachmentModel.query(on: database)
            .filter(\.$ticket.$id == ticketID)
            .field(\.$id).field(\.$ticket.$id).field(\.$uploader.$id).field(\.$filename).field(\.$contentType)
            .field(\.$size).field(\.$visibility).field(\.$createdAt)
            .sort(\.$createdAt)
        if !includeInternal { query.filter(\.$visibility == .public) }
        return try await query.all()
    }

    /// The ticket's history in order; internal entries only for those who may see them.
    public func history(ofTicket id: Int, for actor: Principal) async throws -> [TicketHistoryEntry] {
        let (_, access) = try await TicketLookup.readable(id, by: actor, on: database)
        return try await history(ofTicket: id, includeInternal: Permissions.allows(actor, .seeInternal, on: access))
    }

    /// The history of a ticket whose reader was already checked.
    func history(ofTicket id: Int, includeInternal: Bool) async throws -> [TicketHistoryEntry] {
        let events = TicketEventModel.query(on: database).filter(\.$ticket.$id == id).sort(\.$id)
        let comments = CommentModel.query(on: database).filter(\.$ticket.$id == id)
        if !includeInternal {
            events.filter(\.$visibility == .public)
            comments.filter(\.$visibility == .public)
        }
        let found = Dictionary(uniqueKeysWithValues: try await comments.all().map { (try $0.requireID(), $0) })
        return try await events.all().map { event in
            let comment = event.$comment.id.flatMap { found[$0] }
            let quoteVisible = includeInternal || comment?.quotedVisibility != .internal
            return TicketHistoryEntry(event: event, commentBody: comment?.body, commentQuoted: quoteVisible ? comment?.quoted : nil)
        }
    }

    /// One attachment with its bytes, if the actor may see it.
    public func attachment(_ attachmentID: UUID, ofTicket ticketID: Int, for actor: Principal) async throws -> AttachmentModel {
        let (_, access) = try await TicketLookup.readable(ticketID, by: actor, on: database)
        guard let attachment = try await AttachmentModel.query(on: database)
            .filter(\.$id == attachmentID).filter(\.$ticket.$id == ticketID).first(),
            attachment.visibility == .public || Permissions.allows(actor, .seeInternal, on: access)
        else { throw HelpdeskError.notFound("Attachment \(attachmentID) does not exist on ticket #\(ticketID).") }
        return attachment
    }

    /// Lists tickets. People who support no unit see only the tickets they submitted.
    public func listTickets(_ filter: TicketFilter, for actor: Principal) async throws -> TicketListPage {
        let inNumberOrder = filter.sort == .numberAscending || filter.sort == .numberDescending
        guard let (query, numberOrder) = try await filtered(filter, for: actor, inNumberOrder: inNumberOrder) else {
            return TicketListPage(tickets: [], nextCursor: nil)
        }
        // Best match needs words; without them it is the newest first.
        let relevance = filter.sort != .relevance ? nil : filter.text.map(SearchText.init).flatMap { words in
            words.isEmpty ? nil : TicketRelevance(words: words, database: database)
        }
        let sort = filter.sort == .relevance ? .createdDescending : filter.sort
        if let after = filter.after {
            guard let last = try await TicketModel.find(after, on: database) else {
                throw HelpdeskError.invalid("cursor", "The cursor does not point at a ticket; start again from the first page.")
            }
            if let relevance {
                try await relevance.keyset(query, after: after)
            } else {
                try applyKeyset(query, sort: sort, after: last, numberOrder: numberOrder)
            }
        }
        if let relevance { relevance.order(query) } else { applySort(query, sort, numberOrder: numberOrder) }
        let limit = max(1, min(filter.limit, TicketFilter.maximumLimit))
        let rows = try await query.limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.flatMap { $0.id }.map(TicketCursor.encode(afterTicket:)) : nil
        return TicketListPage(tickets: page, nextCursor: next)
    }

    /// How many tickets the filter finds, of those the actor may read (a saved view's count).
    public func countTickets(_ filter: TicketFilter, for actor: Principal) async throws -> Int {
        guard let (query, _) = try await filtered(filter, for: actor) else { return 0 }
        return try await query.count()
    }

    /// The tickets the filter finds, counted up to `bound`: the ids of at most `bound` tickets
    /// are read, never the whole table's matches.
    public func countTickets(_ filter: TicketFilter, for actor: Principal, upTo bound: Int) async throws -> Int {
        guard let (query, _) = try await filtered(filter, for: actor) else { return 0 }
        return try await query.limit(bound).all(\.$id).count
    }

    /// The tickets the filter and the actor's reading rights let through, and where a list in
    /// ticket-number order (`inNumberOrder`) takes that order from; nil when none can be.
    private func filtered(
        _ filter: TicketFilter, for actor: Principal, inNumberOrder: Bool = false
    ) async throws -> (QueryBuilder<TicketModel>, TicketTextSearch.NumberOrder)? {
        let query = TicketModel.query(on: database)
        if !actor.isSupporter && !actor.isAdmin {
            guard let userID = actor.userID else { return nil }
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
        if let text = filter.text.map(SearchText.init), !text.isEmpty {
            let supporter = actor.isSupporter || actor.isAdmin
            let narrowed = !supporter || !filter.statuses.isEmpty || !filter.priorities.isEmpty || !filter.categories.isEmpty
                || !filter.supportUnitIDs.isEmpty || filter.submitterID != nil || filter.assigneeID != nil
                || filter.createdAfter != nil || filter.createdBefore != nil
            let numberOrder = try await TicketTextSearch.filter(query, text, includeInternal: supporter, narrowed: narrowed,
                                                                ranked: filter.sort == .relevance, inNumberOrder: inNumberOrder, on: database)
            return (query, numberOrder)
        }
        return (query, .tickets)
    }

    private func applySort(_ query: QueryBuilder<TicketModel>, _ sort: TicketSort, numberOrder: TicketTextSearch.NumberOrder) {
        let direction: DatabaseQuery.Sort.Direction = sort.isDescending ? .descending : .ascending
        switch sort {
        case .createdAscending, .createdDescending: query.sort(\.$createdAt, direction)
        case .updatedAscending, .updatedDescending: query.sort(\.$updatedAt, direction)
        case .priorityAscending, .priorityDescending: query.sort(\.$priorityRank, direction)
        case .numberAscending, .numberDescending, .relevance: break
        }
        switch numberOrder {
        case .tickets: query.sort(\.$id, direction)
        case .searchIndex:
            query.sort(.custom(SQLOrderBy(expression: TicketTextSearch.searchIndexRowNumber, direction: sort.isDescending ? SQLDirection.descending : .ascending)))
        }
    }

    /// Rows strictly after `last` in the sort order: key beyond last's key, or the same key
    /// and a number beyond last's number.
    private func applyKeyset(_ query: QueryBuilder<TicketModel>, sort: TicketSort, after last: TicketModel,
                             numberOrder: TicketTextSearch.NumberOrder) throws {
        let beyond: DatabaseQuery.Filter.Method = sort.isDescending ? .lessThan : .greaterThan
        let id = try last.requireID()
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
        case .numberAscending, .numberDescending, .relevance:
            switch numberOrder {
            case .tickets: query.filter(\.$id, beyond, id)
            // On the index's row number, so that the index starts its walk at the cursor.
            case .searchIndex:
                query.filter(.sql(embed: "\(TicketTextSearch.searchIndexRowNumber) \(unsafeRaw: sort.isDescending ? "<" : ">") \(bind: id)"))
            }
        }
    }

    /// Turns ticket rows into list rows with unit and person names, in two small queries.
    /// `seesInternal`: a supporter sees every change in "Updated", anyone else only public ones.
    func rows(for tickets: [TicketModel], seesInternal: Bool) async throws -> [TicketRow] {
        let now = clock.now()
        let unitIDs = Set(tickets.map { $0.$supportUnit.id })
        let personIDs = Set(tickets.compactMap { $0.$assignee.id })
        var unitNames: [UUID: String] = [:]
        if !unitIDs.isEmpty {
            for unit in try await SupportUnitModel.query(on: database).filter(\.$id ~~ Array(unitIDs)).all() { unitNames[try unit.requireID()] = unit.name }
        }
        var personNames: [UUID: String] = [:]
        if !personIDs.isEmpty {
            for user in try await UserModel.query(on: database).filter(\.$id ~~ Array(personIDs)).all() { personNames[try user.requireID()] = user.displayName }
        }
        return try tickets.map { ticket in
            TicketRow(id: try ticket.requireID(), subject: ticket.subject, status: ticket.status, priority: ticket.priority,
                      unitName: unitNames[ticket.$supportUnit.id] ?? "", assigneeName: ticket.$assignee.id.flatMap { personNames[$0] },
                      createdAt: ticket.createdAt, updatedAt: ticket.updatedAt(seesInternal: seesInternal), responseColour: ticket.responseColour(at: now),
                      responseDueAt: ticket.respondedAt == nil && ticket.status.isOpen ? ticket.responseDueAt : nil)
        }
    }

    /// Whether the principal subscribes to a ticket they may read.
    public func isSubscribed(ticketID: Int, principal: Principal) async throws -> Bool {
        _ = try await TicketLookup.readable(ticketID, by: principal, on: database)
        return try await isSubscribed(ticketID: ticketID, readBy: principal)
    }

    /// For a reader whose access to the ticket was already checked (the ticket page).
    func isSubscribed(ticketID: Int, readBy principal: Principal) async throws -> Bool {
        guard let userID = principal.userID else { return false }
        return try await TicketSubscriptionModel.query(on: database)
            .filter(\.$ticket.$id == ticketID).filter(\.$user.$id == userID).count() > 0
    }

    /// The names of attachments, for history entries that mention them.
    func attachmentNames(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for attachment in try await AttachmentModel.query(on: database).filter(\.$id ~~ ids).field(\.$id).field(\.$filename).all() {
            names[try attachment.requireID()] = attachment.filename
        }
        return names
    }

    /// The addresses of the people who subscribe to a ticket.
    static func subscriberAddresses(ofTicket ticketID: Int, on database: any Database) async throws -> [String] {
        try await TicketSubscriptionModel.query(on: database)
            .filter(\.$ticket.$id == ticketID)
            .join(UserModel.self, on: \TicketSubscriptionModel.$user.$id == \UserModel.$id)
            .sort(\.$createdAt)
            .all()
            .map { try $0.joined(UserModel.self).email }
    }

    /// How many open tickets the units hold, per open status (for a supporter's dashboard).
    func countOpenByStatus(units: Set<UUID>) async throws -> [(status: TicketStatus, count: Int)] {
        guard !units.isEmpty, let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { var status: String; var count: Int }
        let rows = try await sql.select()
            .column("status")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
            .from(TicketModel.schema)
            .where("support_unit_id", .in, Array(units))
            .where("status", .in, TicketStatus.openStatuses.map(\.rawValue))
            .groupBy("status")
            .all(decoding: Row.self)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.status, $0.count) })
        return TicketStatus.openStatuses.compactMap { status in counts[status.rawValue].map { (status: status, count: $0) } }
    }
}
