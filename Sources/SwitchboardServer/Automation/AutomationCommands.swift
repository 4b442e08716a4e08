import Foundation
import Vapor

/// `switchboard automation run [--as-of INSTANT]`: one pass of the automated processes, for
/// cron-style deployments and for tests.
struct AutomationCommands: AsyncCommandGroup {
    var help: String { "The automated processes: run one pass." }
    var commands: [String: any AnyAsyncCommand] { ["run": Run()] }

    struct Run: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "as-of", help: "Act on everything due at this ISO 8601 instant (default: now).")
            var asOf: String?
            init() {}
        }

        var help: String { "Acts once on every due reminder, status change and closure, then exits." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            var instant = app.clock.now()
            if let text = signature.asOf {
                guard let parsed = ISO8601.parseInstant(text) else {
                    throw SwitchboardConfiguration.Invalid(description: "--as-of must be an ISO 8601 instant with an offset, like 2026-10-02T16:30:00+02:00.")
                }
                instant = parsed
            }
            let handled = try await app.helpdesk.automation.runAutomation(asOf: instant)
            context.console.say("Handled \(String(handled)) due actions as of \(ISO8601.format(instant)).")
        }
    }
}
