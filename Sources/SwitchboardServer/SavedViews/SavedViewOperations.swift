import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// What a person submits to save a search.
public struct SavedViewInput: Codable, Sendable {
    public var name: String?
    /// The search page's query string (the API's list parameters); a cursor is dropped.
    public var query: String?
    /// Share it with this unit's members instead of keeping it to oneself (the unit's admins
    /// and administrators).
    public var unit: UUID?

    public init(name: String?, query: String?, unit: UUID? = nil) {
        self.name = name
        self.query = query
        self.unit = unit
    }
}

/// A saved view with how many tickets it finds now (as the viewer may see them).
public struct SavedView: Sendable {
    public var view: SavedViewModel
    /// The unit it is shared with, by name; nil for one's own.
    public var unitName: String?
    public var count: Int
    /// The view finds at least `count` tickets (a count that stopped at its bound).
    public var countIsLowerBound = false
    /// Whether the viewer may remove it.
    public var removable: Bool

    /// The search page that shows it.
    public var url: String { SiteURL.search.with(rawQuery: view.query) }
}

/// Saved views: a search kept under a name, shown with its count on the dashboard and the search
/// page. One's own views are one's own; a unit's shared views are seen by its members and kept
/// by its admins and the administrators.
public struct SavedViewOperations: Sendable {
    let helpdesk: Helpdesk

    /// Views one person may keep; a unit shares at most as many.
    public static let maxViews = 30
}

extension Helpdesk {
    public var savedViews: SavedViewOperations { SavedViewOperations(helpdesk: self) }
}

extension SavedViewOperations {
    /// The viewer's own views, then those shared with their units; each with its count.
    /// `countUpTo`: count at most this many tickets per view (the navigation shows "999+"; a
    /// view of half the database costs no more than one of a thousand); 0 counts nothing; nil
    /// counts exactly.
    public func views(for principal: Principal, countUpTo bound: Int? = nil) async throws -> [SavedView] {
        guard let userID = principal.userID else { return [] }
        let units = principal.memberships.map(\.unitID)
        let views = try await SavedViewModel.query(on: helpdesk.database).group(.or) { group in
            group.filter(\.$owner.$id == userID)
            if !units.isEmpty { group.filter(\.$unit.$id ~~ units) }
        }.with(\.$unit).all()
        var result: [SavedView] = []
        for view in views.sorted(by: { ($0.$unit.id == nil ? 0 : 1, $0.name.lowercased()) < ($1.$unit.id == nil ? 0 : 1, $1.name.lowercased()) }) {
            result.append(try await summary(of: view, unitName: view.unit?.name, for: principal, countUpTo: bound))
        }
        return result
    }

    /// One view as the viewer sees it: with the tickets it finds for them now.
    public func summary(of view: SavedViewModel, unitName: String?, for principal: Principal, countUpTo bound: Int? = nil) async throws -> SavedView {
        var saved = SavedView(view: view, unitName: unitName, count: 0, removable: Self.mayRemove(view, principal))
        guard bound != 0 else { return saved }
        let filter = try Self.filter(of: view)
        if let bound {
            saved.count = try await helpdesk.ticketQueries.countTickets(filter, for: principal, upTo: bound)
            saved.countIsLowerBound = saved.count >= bound
        } else {
            saved.count = try await helpdesk.ticketQueries.countTickets(filter, for: principal)
        }
        return saved
    }

    /// The search a view keeps, as a ticket filter.
    static func filter(of view: SavedViewModel) throws -> TicketFilter {
        try TicketListParameters.filter(from: URI(string: SiteURL.search.with(rawQuery: view.query)))
    }

    public func create(_ input: SavedViewInput, by acting: Acting) async throws -> SavedViewModel {
        let principal = acting.principal
        guard let userID = principal.userID else { throw HelpdeskError.forbidden("Sign in to save a view.") }
        var errors = FieldErrors()
        let name = TicketRules.validateText(input.name, field: "name", required: true, maxLength: 60, into: &errors)
        let query = Self.canonicalQuery(input.query ?? "")
        if query.utf8.count > 2000 { errors.add("query", "A view's search is at most 2,000 characters long.") }
        // The search's own checks, each message under `query`.
        switch Result(catching: { () throws(any Error) in try TicketListParameters.filter(from: URI(string: SiteURL.search.with(rawQuery: query))) }) {
        case .success: break
        case .failure(HelpdeskError.invalid(let problems)):
            for (field, messages) in problems.messages { for message in messages { errors.add("query", "\(field): \(message)") } }
        case .failure(let error): throw error
        }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let existing = SavedViewModel.query(on: database)
            if let unitID = input.unit {
                guard let unit = try await SupportUnitModel.find(unitID, on: database) else {
                    throw HelpdeskError.invalid("unit", "There is no support unit \(unitID).")
                }
                guard principal.isAdmin || principal.isUnitAdmin(of: unitID) else {
                    throw HelpdeskError.forbidden("Only \(unit.name)'s admins and administrators share views with it.")
                }
                existing.filter(\.$unit.$id == unitID)
            } else {
                existing.filter(\.$owner.$id == userID)
            }
            let kept = try await existing.all()
            if kept.contains(where: { $0.name.lowercased() == name!.lowercased() }) {
                throw HelpdeskError.invalid("name", "There is a view named '\(name!)' already.")
            }
            if kept.count >= Self.maxViews { throw HelpdeskError.invalid("name", "Keep at most \(Self.maxViews) views; remove one first.") }
            let view = SavedViewModel()
            view.id = UUID()
            view.$owner.id = input.unit == nil ? userID : nil
            view.$unit.id = input.unit
            view.name = name!
            view.query = query
            view.createdAt = context.now
            try await view.create(on: database)
            return view
        }
    }

    public func delete(_ id: UUID, by acting: Acting) async throws {
        try await helpdesk.change(by: acting) { context in
            guard let view = try await SavedViewModel.find(id, on: context.database),
                  Self.maySee(view, context.acting.principal) else { throw HelpdeskError.notFound("There is no view \(id).") }
            guard Self.mayRemove(view, context.acting.principal) else {
                throw HelpdeskError.forbidden("Only the unit's admins and administrators remove its shared views.")
            }
            try await view.delete(on: context.database)
        }
    }

    static func maySee(_ view: SavedViewModel, _ principal: Principal) -> Bool {
        if let owner = view.$owner.id { return owner == principal.userID }
        if let unit = view.$unit.id { return principal.isAdmin || principal.isMember(of: unit) }
        return false
    }

    static func mayRemove(_ view: SavedViewModel, _ principal: Principal) -> Bool {
        if let owner = view.$owner.id { return owner == principal.userID }
        if let unit = view.$unit.id { return principal.isAdmin || principal.isUnitAdmin(of: unit) }
        return false
    }

    /// The query without a leading `?`, a cursor or empty values, so that the view always
    /// starts at its first page.
    static func canonicalQuery(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let query = trimmed.hasPrefix("?") ? String(trimmed.dropFirst()) : trimmed
        return query.split(separator: "&").filter { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[1].isEmpty && parts[0] != "cursor"
        }.joined(separator: "&")
    }
}
