import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// The helpdesk's shared dependencies, and the one way to change anything: `change(by:_:)`.
///
/// The operations live with their feature, one type each (`tickets`, `accounts`, `units`,
/// `calendars`, `serviceLevels`, `automation`, `sweep`, `mailgate`, `mailDelivery`, …): each
/// takes the acting person and plain values, checks them with the core rules, and writes the
/// rows and their events in one change. The API, the web pages, the commands and the demo
/// loader all go through them.
public struct Helpdesk: Sendable {
    public let database: any Database
    public let clock: AppClock
    public let configuration: SwitchboardConfiguration
    let writeGate: WriteGate?
    let passwordHashing: PasswordHashing
    /// Failed password checks, for every place a password is checked.
    let passwordAttempts: PasswordAttemptLimiter
    /// The OpenID Connect providers people sign in with.
    let identityProviders: IdentityProviders
    /// The catalogue ticket changes read, kept between changes.
    let catalogCache: CatalogCache

    /// Runs `body` in one transaction (on SQLite, in a savepoint of a transaction shared with the
    /// changes that arrived beside it: `WriteGate`) with a context that
    /// carries the transaction, the instant, the acting person and the settings. Every event
    /// recorded with the context causes its notifications in the same transaction.
    ///
    /// Changes do not nest: a step that belongs to a larger change takes that change's
    /// context as a parameter instead of opening one of its own.
    func change<T: Sendable>(
        by acting: Acting, at instant: Date? = nil, _ body: @escaping @Sendable (ChangeContext) async throws -> T
    ) async throws -> T {
        let settings = configuration
        let now = instant ?? clock.now()
        let inTransaction: @Sendable (any Database) async throws -> T = { transaction in
            try await body(ChangeContext(database: transaction, now: now, acting: acting, configuration: settings, notifications: .outbox,
                                         memo: ChangeMemo(catalogCache: catalogCache, knownAccount: acting.account)))
        }
        guard let writeGate else { return try await database.transaction(inTransaction) }
        return try await writeGate.run(on: database, inTransaction)
    }

    /// The same helpdesk telling the time by another clock (the demo loader replays history).
    func with(clock: AppClock) -> Helpdesk {
        Helpdesk(database: database, clock: clock, configuration: configuration, writeGate: writeGate, passwordHashing: passwordHashing,
                 passwordAttempts: passwordAttempts, identityProviders: identityProviders, catalogCache: catalogCache)
    }
}

extension Application {
    private struct WriteGateKey: StorageKey { typealias Value = WriteGate }

    /// The helpdesk on the application's database.
    public var helpdesk: Helpdesk {
        let database = db
        return Helpdesk(
            database: database,
            clock: clock,
            configuration: switchboardConfiguration,
            writeGate: DatabaseSetup.isSQLite(database) ? sqliteWriteGate : nil,
            passwordHashing: PasswordHashing(hasher: password.sync, threadPool: threadPool),
            passwordAttempts: passwordAttempts,
            identityProviders: identityProviders,
            catalogCache: catalogCache
        )
    }

    private struct CatalogCacheKey: StorageKey { typealias Value = CatalogCache }

    /// Set once by `configure`, before any request.
    var catalogCache: CatalogCache {
        get { storage[CatalogCacheKey.self]! }
        set { storage[CatalogCacheKey.self] = newValue }
    }

    /// Set once by `configure`, before any request.
    var sqliteWriteGate: WriteGate {
        get { storage[WriteGateKey.self]! }
        set { storage[WriteGateKey.self] = newValue }
    }
}

extension Request {
    var helpdesk: Helpdesk { application.helpdesk }
}
