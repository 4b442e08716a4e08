import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// The helpdesk's operations. Each takes the acting person and plain values, checks them
/// with the core rules, and writes the ticket row and its events in one transaction. The
/// API, the web pages, the commands and the demo loader all go through here.
public struct Helpdesk: Sendable {
    public let database: any Database
    public let clock: AppClock
    public let configuration: SwitchboardConfiguration
    let writeGate: WriteGate?
    let passwords: any PasswordHasher
    let threadPool: NIOThreadPool
    /// Failed password checks, for every place a password is checked.
    let passwordAttempts: PasswordAttemptLimiter

    /// bcrypt is slow on purpose: hash and verify away from the event loops.
    func hashPassword(_ password: String) async throws -> String {
        let passwords = self.passwords
        return try await threadPool.runIfActive { try passwords.hash(password) }
    }

    func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        let passwords = self.passwords
        return try await threadPool.runIfActive { try passwords.verify(password, created: hash) }
    }

    /// The transaction a `write` of this task has open, if any.
    @TaskLocal static var openTransaction: (any Database)?

    /// Runs `body` in one transaction; on SQLite, one writer at a time.
    /// Every event recorded in it causes its notifications, in the same transaction.
    /// Called inside another `write` of the same task, it joins that transaction, so that
    /// several operations can commit together (the mail gate stores a reply, its attachments
    /// and the Message-ID it came with, or none of them).
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if let open = Self.openTransaction { return try await body(open) }
        let database = self.database
        let settings = configuration
        let inTransaction: @Sendable (any Database) async throws -> T = { transaction in
            try await Notifications.$settings.withValue(settings) {
                try await Self.$openTransaction.withValue(transaction) { try await body(transaction) }
            }
        }
        guard let writeGate else {
            // Set inside the transaction's closure: Fluent may run it in a task of its own.
            return try await database.transaction { try await inTransaction($0) }
        }
        let busyTimeout = settings.sqliteBusyTimeoutMilliseconds
        return try await writeGate.run {
            try await SQLiteWriteTransaction.run(on: database, busyTimeoutMilliseconds: busyTimeout, inTransaction)
        }
    }

    /// On PostgreSQL, locks the ticket's row until the transaction ends, so that concurrent
    /// changes of one ticket apply one after the other. (SQLite writers are already serial.)
    static func lockTicket(_ id: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM tickets WHERE id = \(bind: id) FOR UPDATE").run()
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
            passwords: password.sync,
            threadPool: threadPool,
            passwordAttempts: passwordAttempts
        )
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
