import SwitchboardServer
import Vapor

// The executable reads its configuration from the environment and hands everything else to
// Vapor's command system: `switchboard --help` lists the subcommands.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    let configuration: SwitchboardConfiguration
    do {
        configuration = try SwitchboardConfiguration.fromEnvironment()
    } catch {
        app.logger.critical("\(error)")
        throw error
    }
    try await configure(app, configuration: configuration)
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
