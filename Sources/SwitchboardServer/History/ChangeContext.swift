import Fluent
import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore

/// One change in progress, handed to every step of it as a parameter: the transaction it
/// writes in, the instant it happens at, who makes it, the installation's settings, and what
/// becomes of the mail its events cause.
///
/// `Helpdesk.change(by:_:)` opens the transaction and makes the context; operations that take
/// part in a larger change (the mail gate adding a comment and its attachments, a status
/// change moving linked tickets) receive the same context, so their writes commit together.
struct ChangeContext: Sendable {
    /// What happens to the notifications of the events recorded in this change.
    enum NotificationPolicy: Sendable, Equatable {
        /// Written to the outbox in this transaction (the rule).
        case outbox
        /// Not sent, for the reason given: another event of the same change tells the same people.
        case covered(by: String)
    }

    /// The open transaction. Reads that must see this change's writes go here too.
    let database: any Database
    let now: Date
    let acting: Acting
    let configuration: SwitchboardConfiguration
    let notifications: NotificationPolicy
    /// What the change has read once and need not read again (shared by the contexts derived from it).
    let memo: ChangeMemo

    var rules: AutomationRules { configuration.automation }

    /// The same change, continued by someone else (the system moving a linked ticket).
    func by(_ other: Acting) -> ChangeContext {
        ChangeContext(database: database, now: now, acting: other, configuration: configuration, notifications: notifications, memo: memo)
    }

    /// The same change, dated at another instant (an automated step at its timer's due time).
    func at(_ instant: Date) -> ChangeContext {
        ChangeContext(database: database, now: instant, acting: acting, configuration: configuration, notifications: notifications, memo: memo)
    }

    /// The catalogue this change reads: units, service levels, calendars, webhook endpoints
    /// (`CatalogCache`; one read of its version per change).
    func catalog() async throws -> Catalog {
        try await memo.catalog(on: database)
    }

    /// The ticket's unit now (see `unit(_:)`).
    func unit(of ticket: TicketModel) async throws -> SupportUnitModel {
        try await unit(ticket.$supportUnit)
    }

    /// The unit a row points at now: from the catalogue, or from the database for a unit the
    /// catalogue does not know yet. Like `current(on:)`, it follows a changed key.
    func unit<Row: Model>(_ parent: ParentProperty<Row, SupportUnitModel>) async throws -> SupportUnitModel {
        if let unit = try await catalog().unit(id: parent.id) {
            parent.value = unit
            return unit
        }
        return try await parent.current(on: database)
    }

    /// The same change, whose further events are not mailed because `reason` covers them.
    func notificationsCovered(by reason: String) -> ChangeContext {
        ChangeContext(database: database, now: now, acting: acting, configuration: configuration, notifications: .covered(by: reason), memo: memo)
    }
}

/// Reads one change makes once: its transaction answers them the same way each time, so the
/// second event of a change does not ask again (the catalogue's version; the people that
/// notifications need). Only for what a ticket change reads and never writes.
final class ChangeMemo: Sendable {
    private let catalogCache: CatalogCache
    private let catalogRead = NIOLockedValueBox<Catalog?>(nil)
    private let users: NIOLockedValueBox<[UUID: UserModel]>

    /// `knownAccount`: the acting person's account as their request read it (`Acting.account`).
    init(catalogCache: CatalogCache, knownAccount: UserModel? = nil) {
        self.catalogCache = catalogCache
        users = NIOLockedValueBox(knownAccount.flatMap { account in account.id.map { [$0: account] } } ?? [:])
    }

    /// The catalogue, its version read once per change.
    func catalog(on database: any Database) async throws -> Catalog {
        if let known = catalogRead.withLockedValue({ $0 }) { return known }
        let read = try await catalogCache.catalog(on: database)
        catalogRead.withLockedValue { $0 = read }
        return read
    }

    /// A person's account, read once per change.
    func user(_ id: UUID, on database: any Database) async throws -> UserModel? {
        if let known = users.withLockedValue({ $0[id] }) { return known }
        guard let loaded = try await UserModel.find(id, on: database) else { return nil }
        users.withLockedValue { $0[id] = loaded }
        return loaded
    }
}
