import Vapor

/// `switchboard demo`: loads the demo data into an empty database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        init() {}
    }

    var help: String { "Loads demo support units, users (passwords printed) and tickets into an empty database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let loaded = try await DemoLoader.loadIfEmpty(app.helpdesk, console: context.console)
        if !loaded {
            throw SwitchboardConfiguration.Invalid(description: "The database already has support units; the demo data goes only into an empty database.")
        }
    }
}
