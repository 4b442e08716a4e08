import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Vapor

/// `switchboard versions compare A B` and `switchboard versions sort`: RPM version ordering for
/// release managers, the same the release closure uses.
struct VersionCommands: AsyncCommandGroup {
    var help: String { "RPM version ordering: compare, sort." }
    var commands: [String: any AnyAsyncCommand] { ["compare": Compare(), "sort": Sort()] }

    struct Compare: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "a", help: "A version: [epoch:]version[-release].") var a: String
            @Argument(name: "b", help: "Another version.") var b: String
            init() {}
        }

        var help: String { "Prints -1, 0 or 1 as A is older than, the same as, or newer than B." }

        func run(using context: CommandContext, signature: Signature) async throws {
            for label in [signature.a, signature.b] where !RPMVersion.isWellFormed(label) {
                throw SwitchboardConfiguration.Invalid(description:
                    "'\(TerminalText.escaped(label))' is not a version: use letters, digits and ._+~^:- only.")
            }
            FileHandle.standardOutput.write(Data("\(RPMVersion.compare(signature.a, signature.b))\n".utf8))
        }
    }

    struct Sort: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Reads one version a line on standard input and prints them oldest first; bad lines go to standard error." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            var lines = String(decoding: input, as: UTF8.self).components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            let (sorted, problems) = VersionLines.sort(lines)
            FileHandle.standardOutput.write(Data(sorted.map { $0 + "\n" }.joined().utf8))
            for problem in problems {
                FileHandle.standardError.write(Data("switchboard versions sort: \(problem.description)\n".utf8))
            }
            if !problems.isEmpty { exit(1) }
        }
    }
}

/// `switchboard releases sync`: reads the configured repositories once, moves releases forward
/// and closes the tickets whose fix reached production. Exits non-zero when a repository could
/// not be read.
struct ReleaseCommands: AsyncCommandGroup {
    var help: String { "Releases: sync." }
    var commands: [String: any AnyAsyncCommand] { ["sync": Sync()] }

    struct Sync: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Syncs the releases with the repositories of SWITCHBOARD_RELEASE_REPOSITORIES." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            let settings = app.switchboardConfiguration.releases
            if settings.repositories.isEmpty {
                context.console.say("No repositories are configured (SWITCHBOARD_RELEASE_REPOSITORIES); nothing to sync.")
                return
            }
            let report = try await app.helpdesk.releases.sync(client: app.http.client.shared, logger: app.logger)
            for repository in report.repositories {
                if let error = repository.error {
                    context.console.say("\(repository.name) (\(repository.stage.rawValue)): not read: \(error)")
                } else {
                    context.console.say("\(repository.name) (\(repository.stage.rawValue)): \(repository.packageCount) packages; "
                        + "\(repository.created) releases first seen, \(repository.moved) moved forward.")
                }
            }
            context.console.say("Tickets closed: \(report.closedTickets).")
            if report.failed { exit(1) }
        }
    }
}
