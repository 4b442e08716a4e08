import Foundation
import NIOCore
import NIOPosix
import SwitchboardServer
import Vapor

// The executable reads its settings (the settings file, then the environment) and hands
// everything else to Vapor's command system: `switchboard --help` lists the subcommands.
// The mail gate is run by the MTA: any failure that is not about the message itself (a bad
// setting, an unreachable database) exits 75, so the MTA keeps the message and tries again.
// Swift concurrency runs its tasks on SwiftNIO's event loops instead of a thread pool of its
// own: a database answer then resumes the waiting change without another thread hand-off
// (issue 16). This must happen before anything runs asynchronously.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

let failureExitCode: Int32 = CommandLine.arguments.dropFirst().first == "mailgate" ? 75 : 1

let fromFile: Set<String>
do {
    fromFile = try ConfigurationFile.apply()
} catch {
    FileHandle.standardError.write(Data("switchboard: the settings file cannot be used: \(error)\n".utf8))
    exit(failureExitCode)
}

// `switchboard config check` runs before the settings are taken as given: its job is to find
// what is wrong with them.
if Array(CommandLine.arguments.dropFirst().prefix(2)) == ["config", "check"] {
    exit(await ConfigurationCheck.run(fromFile: fromFile))
}

var environment = try Environment.detect()
// Log lines for machines (logfmt or JSON) when SWITCHBOARD_LOG_FORMAT asks for them.
if let format = ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_FORMAT"].flatMap(StructuredLogHandler.Format.init(rawValue:)) {
    try LoggingSystem.bootstrap(from: &environment) { level in { label in StructuredLogHandler(label: label, format: format, level: level) } }
} else {
    try LoggingSystem.bootstrap(from: &environment)
}
let app = try await Application.make(environment)

do {
    try await configure(app, configuration: try SwitchboardConfiguration.fromEnvironment())
} catch {
    app.logger.critical("Switchboard cannot start: \(error)")
    try? await app.asyncShutdown()
    exit(failureExitCode)
}

// The command system has already logged a command's error. Shutting down is bounded
// (`BoundedShutdown`): a service that cannot stop keeps its port.
var exitCode: Int32 = 0
do {
    try await app.execute()
} catch {
    exitCode = failureExitCode
}
do {
    try await BoundedShutdown.shutdown(app, exitCode: exitCode)
} catch {
    app.logger.error("Shutting down failed: \(error)")
    exitCode = failureExitCode
}
if exitCode != 0 { exit(exitCode) }
