import Vapor

/// `switchboard serve`: migrates the database (unless told not to), optionally loads the demo
/// data into an empty database, then serves HTTP until SIGINT or SIGTERM.
struct SwitchboardServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default SWITCHBOARD_HOST or 127.0.0.1).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "Port to listen on (default SWITCHBOARD_PORT or 8080).")
        var port: Int?

        @Flag(name: "no-migrate", help: "Do not migrate the database on start (run `switchboard migrate` yourself).")
        var noMigrate: Bool

        @Flag(name: "demo", help: "Load the demo support units, users and tickets when the database has no units yet.")
        var demo: Bool

        init() {}
    }

    let vaporServe: ServeCommand

    var help: String {
        let variables = SwitchboardConfiguration.variables.map { "  \($0.name): \($0.meaning)" }.joined(separator: "\n")
        return "Serves the helpdesk over HTTP (migrating the database first).\n\nEnvironment:\n\(variables)"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, migrate: !signature.noMigrate)
        if signature.demo {
            try await DemoLoader.loadIfEmpty(app.helpdesk, console: context.console)
        }
        let workers = BackgroundWorkers([
            PeriodicWorker.automation(app), PeriodicWorker.mail(app), PeriodicWorker.releaseSync(app),
            PeriodicWorker.requirementSync(app), PeriodicWorker.webhooks(app),
        ].compactMap { $0 })
        app.lifecycle.use(workers)
        // Registered last, so stopped first: requests under way finish while the workers, the
        // SQLite writer and the database pools are still there (Vapor stops the server itself
        // only after all of them).
        app.lifecycle.use(OpenRequestsFinishFirst())
        workers.start(logger: app.logger)
        let configuration = app.switchboardConfiguration
        var serveContext = context
        serveContext.input = CommandInput(arguments: [
            "switchboard",
            "--hostname", signature.hostname ?? configuration.hostname,
            "--port", String(signature.port ?? configuration.port),
        ])
        try await vaporServe.run(using: &serveContext)
        // Serving until SIGTERM or SIGINT (Vapor's signal handling), then stopping in order:
        // the workers (`BackgroundWorkers`), open requests, the database (`BoundedShutdown`).
        app.running?.onStop.whenComplete { _ in
            app.logger.notice("Stopping: open requests finish, background passes end.")
        }
    }
}
