import Foundation
import Vapor

/// `switchboard known-issues digest [--since DAY] [--format markdown|text|json] [--mail]`: the
/// digest of published known issues for an operations meeting, printed, or mailed to
/// SWITCHBOARD_KNOWN_ISSUES_LIST through the outbox (a cron job before the meeting).
struct KnownIssueCommands: AsyncCommandGroup {
    var help: String { "Known issues: the digest for an operations meeting." }
    var commands: [String: any AnyAsyncCommand] { ["digest": Digest()] }

    struct Digest: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "since", help: "A day (2026-11-24, from its start in UTC) or an instant; default: seven days before today.")
            var since: String?
            @Option(name: "format", help: "markdown (default), text or json.")
            var format: String?
            @Flag(name: "mail", help: "Mail it to SWITCHBOARD_KNOWN_ISSUES_LIST instead of printing it.")
            var mail: Bool
            init() {}
        }

        var help: String { "Prints the known-issue digest (published issues), or mails it with --mail." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            let knownIssues = app.helpdesk.knownIssues
            do {
                let since = try knownIssues.digestStart(signature.since)
                if signature.mail {
                    let sent = try await knownIssues.enqueueDigest(since: since, by: .system)
                    context.console.say("The digest (\(sent.issues.count) known issues) waits in the outbox for \(app.switchboardConfiguration.knownIssues.digestAddress ?? "?").")
                    return
                }
                let content = try await knownIssues.digest(since: since, for: nil)
                switch signature.format ?? "markdown" {
                case "markdown": FileHandle.standardOutput.write(Data(content.markdown.utf8))
                case "text": FileHandle.standardOutput.write(Data(content.plainText.utf8))
                case "json":
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    encoder.dateEncodingStrategy = .iso8601
                    FileHandle.standardOutput.write(try encoder.encode(KnownIssueDigestResponse(content)) + Data("\n".utf8))
                case let other:
                    context.console.say("--format must be markdown, text or json; it is '\(other)'.")
                    exit(2)
                }
            } catch let error as HelpdeskError {
                context.console.say(error.message)
                exit(1)
            }
        }
    }
}
