import SwitchboardServer
import Vapor

// The executable reads its configuration from the environment and hands everything else to
// Vapor's command system: `switchboard --help` lists the subcommands.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)

do {
    try await configure(app, configuration: try SwitchboardConfiguration.fromEnvironment())
} catch {
    app.logger.critical("Switchboard cannot start: \(error)")
    try? await app.asyncShutdown()
    exit(1)
}

do {
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    // The command system has already logged the error.
    try? await app.asyncShutdown()
    exit(1)
}
