import Fluent
import Vapor

/// `switchboard migrate`: brings the database schema up to date, without asking.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {
        init() {}
    }

    var help: String { "Creates or updates the database schema (SQLite file or DATABASE_URL)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await prepareDatabase(context.application, migrate: true)
        context.console.say("The database schema is up to date.")
    }
}
