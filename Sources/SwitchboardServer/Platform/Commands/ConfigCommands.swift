import Foundation
import Vapor

/// `switchboard config check`: listed here for `--help`; the executable runs the check before
/// it takes the settings as given (see `ConfigurationCheck`).
struct ConfigCommands: AsyncCommandGroup {
    var help: String { "The installation's settings: check them." }
    var commands: [String: any AnyAsyncCommand] { ["check": Check()] }

    struct Check: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String {
            "Prints the effective settings (secrets masked) and every problem with them, the database and the mail relay; exits 1 if there is one."
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            let code = await ConfigurationCheck.run(fromFile: [])
            if code != 0 { exit(code) }
        }
    }
}
